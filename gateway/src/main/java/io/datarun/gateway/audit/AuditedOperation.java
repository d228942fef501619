package io.datarun.gateway.audit;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.failure.Unavailable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one guard every audited operation goes through: run it; if it fails, record the refusal (or
 * failure) and rethrow; if it succeeds, record what it did. Either way the event is committed to the
 * audit trail before the caller gets any answer — an operation whose event cannot be written is not
 * answered ({@link io.datarun.gateway.failure.Unavailable}).
 */
public final class AuditedOperation {
    private final AuditSink trail;

    public AuditedOperation(AuditSink trail) {
        this.trail = trail;
    }

    /** Runs {@code work}; its result is recorded as the one event {@code success} makes of it. */
    public <T> T run(Caller caller, AuditAction action, AuditTarget target, Supplier<T> work, Function<T, AuditEntry> success) {
        return runMany(caller, action, target, work, result -> List.of(success.apply(result)));
    }

    /** Runs {@code work}; its result is recorded as the events {@code success} makes of it (in one transaction). */
    public <T> T runMany(Caller caller, AuditAction action, AuditTarget target, Supplier<T> work,
            Function<T, List<AuditEntry>> success) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException refused) {
            recordFailure(failed(caller, action, target, refused), refused);
            throw refused;
        }
        trail.record(success.apply(result));
        return result;
    }

    /**
     * {@link #run} for a request served without a thread of its own (on an event loop): {@code work}
     * runs now, on the calling thread, and must not block; the returned stage completes with its
     * result, or fails with its refusal, only once the event is committed — the same guarantee, with
     * no thread parked for the audit commit.
     */
    public <T> CompletionStage<T> runAsync(Caller caller, AuditAction action, AuditTarget target, Supplier<T> work,
            Function<T, AuditEntry> success) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException refused) {
            List<AuditEntry> events = failed(caller, action, target, refused);
            if (refused instanceof Unavailable) {
                trail.offer(events); // as recordFailure: a 503 is not held back for its own event
                return CompletableFuture.failedFuture(refused);
            }
            // recorded, then refused; if the event cannot be written, the 503 of that is the answer
            return trail.recordAsync(events).thenCompose(recorded -> CompletableFuture.failedFuture(refused));
        }
        return trail.recordAsync(List.of(success.apply(result))).thenApply(recorded -> result);
    }

    /** Records a refusal decided outside {@code run} (e.g. after a partial check) and returns the failure to throw. */
    public <E extends RuntimeException> E refuse(Caller caller, AuditAction action, AuditTarget target, E failure) {
        trail.record(failed(caller, action, target, failure));
        return failure;
    }

    /** The one event of an operation on {@code target} that failed or was refused with {@code failure}. */
    private static List<AuditEntry> failed(Caller caller, AuditAction action, AuditTarget target, RuntimeException failure) {
        return List.of(AuditEntry.of(caller, action, target.dataset(), target.subjectId(), List.of(), target.purpose(),
                AuditOutcome.of(failure), target.detail()));
    }

    /**
     * Records the events of an operation that failed with {@code failure}. A refusal is recorded
     * durably before its answer, as a success is; an operation that failed because a part was
     * unavailable (a replica or Kafka that did not answer in time: 503) answers nothing, and waiting
     * up to another answer timeout for the event of that failure only made the 503 later (a read
     * forwarded to a stalled replica answered after 5 s, ReplicatedClusterIT), so its event is queued.
     */
    public void recordFailure(List<AuditEntry> entries, RuntimeException failure) {
        if (failure instanceof Unavailable) {
            trail.offer(entries);
        } else {
            trail.record(entries);
        }
    }

    /** Records events of a completed operation. */
    public void record(List<AuditEntry> entries) {
        trail.record(entries);
    }

    public void record(AuditEntry entry) {
        trail.record(List.of(entry));
    }
}
