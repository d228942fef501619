package io.datarun.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-caller request budgets. Buckets idle for a minute are dropped, so memory follows the number
 * of active callers, not of all callers ever seen. Each replica keeps its own budgets: with N
 * replicas behind a balancer a caller gets up to N times the rate (documented in docs/security.md).
 */
public final class RateLimiter {
    private static final long IDLE_NANOS = 60_000_000_000L;
    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.lastSweep = nanoTime.getAsLong();
    }

    /** 0 when the caller may proceed, else the whole seconds to wait (at least 1). */
    public long retryAfterSeconds(String caller) {
        long now = nanoTime.getAsLong();
        sweep(now);
        Entry entry = buckets.computeIfAbsent(caller, k -> new Entry(new TokenBucket(ratePerSecond, burst, now)));
        entry.lastUsed = now;
        long waitNanos = entry.bucket.take(now);
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** Like {@link #retryAfterSeconds} without spending anything: whether the caller's budget is used up now. */
    public long peekRetryAfterSeconds(String caller) {
        long now = nanoTime.getAsLong();
        Entry entry = buckets.get(caller);
        long waitNanos = entry == null ? 0 : entry.bucket.peek(now);
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    private void sweep(long now) {
        if (now - lastSweep > IDLE_NANOS) {
            lastSweep = now;
            buckets.values().removeIf(e -> now - e.lastUsed > IDLE_NANOS);
        }
    }

    private static final class Entry {
        final TokenBucket bucket;
        volatile long lastUsed;

        Entry(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }
}
