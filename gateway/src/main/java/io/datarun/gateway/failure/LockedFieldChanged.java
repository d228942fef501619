package io.datarun.gateway.failure;

import java.util.List;

/** A submission that alters a prefilled (locked) value. */
public final class LockedFieldChanged extends DomainFailure {
    public static final String CODE = "locked-field-changed";

    public LockedFieldChanged(String detail, List<FieldError> errors) {
        super(FailureKind.CONFLICT, CODE, detail, errors);
    }
}
