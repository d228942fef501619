package io.datarun.gateway.audit;

import java.util.List;

/** Where audit events go: {@link AuditTrail} in the gateway, a list in a unit test. */
public interface AuditSink {

    /** Records the entries durably, or throws {@link io.datarun.gateway.failure.Unavailable}. */
    void record(List<AuditEntry> entries);

    /**
     * Records the entries without waiting for them to be durable: for an operation that answers
     * nothing but a failure, where waiting would only delay that answer. Durable by default.
     */
    default void offer(List<AuditEntry> entries) {
        record(entries);
    }
}
