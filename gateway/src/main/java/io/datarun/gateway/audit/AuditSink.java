package io.datarun.gateway.audit;

import io.datarun.gateway.failure.Unavailable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where audit events go: {@link AuditTrail} in the gateway, a list in a unit test. */
public interface AuditSink {

    /** Records the entries durably, or throws {@link io.datarun.gateway.failure.Unavailable}. */
    void record(List<AuditEntry> entries);

    /**
     * Records the entries as {@link #record} does without holding the calling thread: the stage
     * completes once they are durable, or fails with {@link Unavailable} as its cause. For a request
     * served on an event loop, whose answer is sent when the stage completes. Here: at once, by
     * {@link #record}, for sinks that are durable on return (a list in a test).
     */
    default CompletionStage<Void> recordAsync(List<AuditEntry> entries) {
        try {
            record(entries);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Records the entries without waiting for them to be durable: for an operation that answers
     * nothing but a failure, where waiting would only delay that answer. Durable by default.
     */
    default void offer(List<AuditEntry> entries) {
        record(entries);
    }
}
