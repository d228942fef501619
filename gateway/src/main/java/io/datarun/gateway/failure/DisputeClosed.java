package io.datarun.gateway.failure;

import java.util.List;

/** A resolution of a dispute that is no longer open. */
public final class DisputeClosed extends DomainFailure {
    public static final String CODE = "dispute-closed";

    public DisputeClosed(String status) {
        super(FailureKind.CONFLICT, CODE, "The dispute is already " + status + ".", List.of());
    }
}
