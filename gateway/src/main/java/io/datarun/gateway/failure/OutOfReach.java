package io.datarun.gateway.failure;

import java.util.List;

/**
 * A write of a record outside the divisions the caller's token names: the new record's division, or
 * the stored record's it would replace. Nothing of the request is written.
 */
public final class OutOfReach extends DomainFailure {
    public static final String CODE = "out-of-reach";

    public OutOfReach(String detail, List<FieldError> errors) {
        super(FailureKind.REFUSED, CODE, detail, errors);
    }
}
