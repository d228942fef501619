package io.datarun.gateway.failure;

import java.util.Collection;
import java.util.List;

/** A purpose that is not registered. */
public final class UnknownPurpose extends DomainFailure {
    public static final String CODE = "unknown-purpose";

    public UnknownPurpose(String purpose, Collection<String> registered) {
        super(FailureKind.INVALID, CODE, "'" + purpose + "' is not a registered purpose.", List.of(new FieldError("purpose", CODE, "must be one of " + registered)));
    }
}
