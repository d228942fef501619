package io.datarun.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong nanos = new AtomicLong();
    final RateLimiter limiter = new RateLimiter(2, 3, nanos::get);

    @Test
    void whenCallerExceedsBurstThenRefusedWithTheSecondsToWait() {
        assertThat(limiter.retryAfterSeconds("a")).isZero();
        assertThat(limiter.retryAfterSeconds("a")).isZero();
        assertThat(limiter.retryAfterSeconds("a")).isZero();
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(1);
    }

    @Test
    void budgetsRefillOverTimeAndAreKeptPerCaller() {
        for (int i = 0; i < 3; i++) {
            limiter.retryAfterSeconds("a");
        }
        assertThat(limiter.retryAfterSeconds("a")).isPositive();
        assertThat(limiter.retryAfterSeconds("b")).isZero();
        nanos.addAndGet(500_000_000L); // half a second at 2/s: one token back
        assertThat(limiter.retryAfterSeconds("a")).isZero();
        assertThat(limiter.retryAfterSeconds("a")).isPositive();
    }
}
