package io.datarun.gateway.failure;

import java.util.List;

/** No grant of that id among those the caller manages. */
public final class GrantNotFound extends DomainFailure {
    public static final String CODE = "grant-not-found";

    public GrantNotFound() {
        super(FailureKind.NOT_FOUND, CODE, "No such grant among the grants of your department's datasets.", List.of());
    }
}
