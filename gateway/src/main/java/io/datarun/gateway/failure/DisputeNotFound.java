package io.datarun.gateway.failure;

import java.util.List;

/** No dispute of that id that the caller may see. */
public final class DisputeNotFound extends DomainFailure {
    public static final String CODE = "dispute-not-found";

    public DisputeNotFound(String id) {
        super(FailureKind.NOT_FOUND, CODE, "No dispute '" + id + "' that you may see.", List.of());
    }
}
