package io.datarun.gateway.failure;

import java.util.List;

/** Only the owner department may write these records. */
public final class NotOwner extends DomainFailure {
    public static final String CODE = "not-owner";

    public NotOwner(String detail) {
        super(FailureKind.REFUSED, CODE, detail, List.of());
    }
}
