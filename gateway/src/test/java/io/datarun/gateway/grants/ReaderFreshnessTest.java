package io.datarun.gateway.grants;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 12, finding 5: a grants reader that stops or falls silent is not current (decisions fail closed). */
class ReaderFreshnessTest {
    final AtomicLong nanos = new AtomicLong();
    final ReaderFreshness freshness = new ReaderFreshness(nanos::get, Duration.ofSeconds(10));

    @Test
    void whenTheReaderFallsSilentOrStopsThenItIsNotCurrent() {
        assertThat(freshness.current()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        freshness.polled();
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(freshness.current()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(freshness.current()).as("11 s without a poll").isFalse();
        freshness.polled();
        assertThat(freshness.current()).isTrue();
        freshness.stopped();
        assertThat(freshness.current()).isFalse();
    }
}
