package io.datarun.gateway.failure;

import java.util.List;

/** A resolution that is neither a reasoned rejection nor a correction with its value. */
public final class InvalidResolution extends DomainFailure {
    public static final String CODE = "invalid-resolution";

    public InvalidResolution(String detail, FieldError error) {
        super(FailureKind.INVALID, CODE, detail, List.of(error));
    }
}
