package io.datarun.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, finding 1: a daily read quota per caller, that alerts once when a caller reaches it. */
class ReadQuotaTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final List<String> alerts = new ArrayList<>();
    final ReadQuota quota = new ReadQuota(3, clock, alerts::add);

    @Test
    void whenACallerReachesItsDailyQuotaThenFurtherReadsAreRefusedAndOneAlertIsRaised() {
        assertThat(quota.take("civil-affairs/u1")).isTrue();
        assertThat(quota.take("civil-affairs/u1")).isTrue();
        assertThat(quota.take("civil-affairs/u1")).isTrue();
        assertThat(quota.take("civil-affairs/u1")).isFalse();
        assertThat(quota.take("civil-affairs/u1")).isFalse();
        assertThat(alerts).containsExactly("civil-affairs/u1");
        assertThat(quota.take("civil-affairs/u2")).as("another caller has its own quota").isTrue();
    }

    @Test
    void whenTheDayTurnsThenTheQuotaStartsAgain() {
        for (int i = 0; i < 4; i++) {
            quota.take("health/u");
        }
        assertThat(quota.take("health/u")).isFalse();
        clock.now = clock.now.plus(Duration.ofDays(1));
        assertThat(quota.take("health/u")).isTrue();
        assertThat(quota.secondsUntilReset()).isPositive().isLessThanOrEqualTo(86_400);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
