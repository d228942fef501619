package io.datarun.gateway.failure;

import java.util.List;

/** A dispute that does not name what it disputes. */
public final class InvalidDispute extends DomainFailure {
    public static final String CODE = "invalid-dispute";

    public InvalidDispute(List<FieldError> errors) {
        super(FailureKind.INVALID, CODE, "A dispute names the dataset, subject, field and why it is wrong.", errors);
    }
}
