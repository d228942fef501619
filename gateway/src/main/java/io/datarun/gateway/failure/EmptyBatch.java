package io.datarun.gateway.failure;

import java.util.List;

/** A push batch with no records. */
public final class EmptyBatch extends DomainFailure {
    public static final String CODE = "empty-batch";

    public EmptyBatch() {
        super(FailureKind.INVALID, CODE, "The batch holds no records.", List.of());
    }
}
