package io.datarun.gateway.failure;

import java.util.List;

/** Only a steward of the owner department may do this. */
public final class NotOwnerSteward extends DomainFailure {
    public static final String CODE = "not-owner-steward";

    public NotOwnerSteward(String detail) {
        super(FailureKind.REFUSED, CODE, detail, List.of());
    }
}
