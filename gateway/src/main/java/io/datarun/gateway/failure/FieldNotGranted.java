package io.datarun.gateway.failure;

import java.util.List;

/** A dispute about a field the caller may not see. */
public final class FieldNotGranted extends DomainFailure {
    public static final String CODE = "field-not-granted";

    public FieldNotGranted() {
        super(FailureKind.REFUSED, CODE, "You can only dispute a field you are granted to see.", List.of());
    }
}
