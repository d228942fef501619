package io.datarun.gateway.failure;

import java.util.List;

/** A grant changed since the caller read it (If-Match no longer matches). */
public final class GrantChanged extends DomainFailure {
    public static final String CODE = "grant-changed";

    public GrantChanged(String detail) {
        super(FailureKind.STALE, CODE, detail, List.of());
    }
}
