package io.datarun.gateway.failure;

import java.util.List;

/** A query parameter out of its range or form. */
public final class InvalidParameter extends DomainFailure {
    public static final String CODE = "invalid-parameter";

    public InvalidParameter(String detail, FieldError error) {
        super(FailureKind.INVALID, CODE, detail, List.of(error));
    }
}
