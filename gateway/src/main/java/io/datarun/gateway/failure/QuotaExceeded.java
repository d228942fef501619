package io.datarun.gateway.failure;

import java.util.List;

/** The caller has used its daily read quota or its request budget; {@code retryAfterSeconds} says when it renews. */
public final class QuotaExceeded extends DomainFailure {
    public static final String CODE = "quota-exceeded";
    private final long retryAfterSeconds;

    public QuotaExceeded(String detail, long retryAfterSeconds) {
        super(FailureKind.EXHAUSTED, CODE, detail, List.of());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
