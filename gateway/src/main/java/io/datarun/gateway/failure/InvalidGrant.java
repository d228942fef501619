package io.datarun.gateway.failure;

import java.util.List;

/** A grant body that fails validation. */
public final class InvalidGrant extends DomainFailure {
    public static final String CODE = "invalid-grant";

    public InvalidGrant(List<FieldError> errors) {
        super(FailureKind.INVALID, CODE, "The grant is not valid; 'errors' names every failing field.", errors);
    }
}
