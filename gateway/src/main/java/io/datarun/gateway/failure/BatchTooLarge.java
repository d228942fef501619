package io.datarun.gateway.failure;

import java.util.List;

/** A push batch over the limit. */
public final class BatchTooLarge extends DomainFailure {
    public static final String CODE = "batch-too-large";

    public BatchTooLarge(int max) {
        super(FailureKind.TOO_LARGE, CODE, "A batch holds at most " + max + " records; split it.", List.of());
    }
}
