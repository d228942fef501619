package io.datarun.gateway.grants;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the grants reader is keeping up: it polls every half second, so a reader silent for
 * longer than {@code maxSilence}, or stopped, may be missing a revocation. Decisions are then
 * refused (503) and the replica reports not ready, instead of serving grants that may be revoked.
 */
public final class ReaderFreshness {
    private final LongSupplier nanoTime;
    private final long maxSilenceNanos;
    private volatile long lastPoll;
    private volatile boolean stopped;

    public ReaderFreshness(LongSupplier nanoTime, Duration maxSilence) {
        this.nanoTime = nanoTime;
        this.maxSilenceNanos = maxSilence.toNanos();
        this.lastPoll = nanoTime.getAsLong();
    }

    /** The reader finished a poll. */
    public void polled() {
        lastPoll = nanoTime.getAsLong();
    }

    /** The reader ended (an error, or the replica stopping). */
    public void stopped() {
        stopped = true;
    }

    public boolean current() {
        return !stopped && nanoTime.getAsLong() - lastPoll <= maxSilenceNanos;
    }
}
