package io.datarun.gateway.failure;

import java.util.List;

/** An admin may manage grants for other departments, never grant its own: that is the owner's steward's call. */
public final class SelfGrant extends DomainFailure {
    public static final String CODE = "self-grant";

    public SelfGrant(String detail) {
        super(FailureKind.REFUSED, CODE, detail, List.of());
    }
}
