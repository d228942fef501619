package io.datarun.gateway.limits;

/**
 * A token bucket: {@code ratePerSecond} tokens refill continuously up to {@code burst}; a request
 * takes one. Thread-safe; time is passed in so tests need no clock.
 */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Like {@link #take} without taking: 0 when a token is there, else the nanoseconds until one is. */
    synchronized long peek(long nowNanos) {
        double available = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
        return available >= 1 ? 0 : (long) Math.ceil((1 - available) / ratePerNano);
    }

    /** Takes a token; returns 0 when granted, else the nanoseconds until one is available. */
    synchronized long take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }
}
