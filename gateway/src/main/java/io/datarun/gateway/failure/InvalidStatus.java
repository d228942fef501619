package io.datarun.gateway.failure;

import java.util.List;

/** A status filter that names no status. */
public final class InvalidStatus extends DomainFailure {
    public static final String CODE = "invalid-status";

    public InvalidStatus(String detail, FieldError error) {
        super(FailureKind.INVALID, CODE, detail, List.of(error));
    }
}
