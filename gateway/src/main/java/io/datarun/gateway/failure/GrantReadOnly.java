package io.datarun.gateway.failure;

import java.util.List;

/** A change to a grant that comes from the deployment's grants file. */
public final class GrantReadOnly extends DomainFailure {
    public static final String CODE = "grant-read-only";

    public GrantReadOnly(String id) {
        super(FailureKind.CONFLICT, CODE, "Grant " + id + " comes from the deployment's grants file; change it there (or revoke it there), not through the API.", List.of());
    }
}
