package io.datarun.gateway.failure;

import java.util.List;

/** The caller's department holds no grant covering the read. */
public final class NoGrant extends DomainFailure {
    public static final String CODE = "no-grant";

    /** The usual refusal of one dataset read for a purpose. */
    public static NoGrant on(String department, String datasetId, String purpose) {
        return new NoGrant("Department '" + department + "' holds no grant on " + datasetId + " for purpose '" + purpose + "'.");
    }

    public NoGrant(String detail) {
        super(FailureKind.REFUSED, CODE, detail, List.of());
    }
}
