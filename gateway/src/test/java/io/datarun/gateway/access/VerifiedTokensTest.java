package io.datarun.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The verified-token cache only ever narrows: nothing past its exp, nothing older than its max age, bounded. */
class VerifiedTokensTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private final MovingClock clock = new MovingClock();
    private final VerifiedTokens<String> cache = new VerifiedTokens<>(clock, 3, Duration.ofMinutes(1));

    @Test
    void whenTheTokenHasExpiredThenTheCachedEntryIsNotServed() {
        cache.put("token-a", "clerk-a", T0.plusSeconds(30));
        assertThat(cache.get("token-a")).contains("clerk-a");
        clock.now = T0.plusSeconds(30);
        assertThat(cache.get("token-a")).as("at exp the token is verified again, which refuses it").isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void whenTheTokenLivesLongerThanTheMaxAgeThenItIsVerifiedAgainAfterTheMaxAge() {
        cache.put("token-a", "clerk-a", T0.plusSeconds(3600));
        clock.now = T0.plusSeconds(59);
        assertThat(cache.get("token-a")).contains("clerk-a");
        clock.now = T0.plusSeconds(60);
        assertThat(cache.get("token-a")).isEmpty();
    }

    @Test
    void whenTheTokenHasAlreadyExpiredThenItIsNotKept() {
        cache.put("token-a", "clerk-a", T0);
        cache.put("token-b", "clerk-b", T0.minusSeconds(1));
        assertThat(cache.get("token-a")).isEmpty();
        assertThat(cache.get("token-b")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void whenManyDistinctTokensArriveThenAtMostTheBoundIsKept() {
        for (int i = 0; i < 1000; i++) {
            cache.put("token-" + i, "clerk-" + i, T0.plusSeconds(600));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.get("token-999")).as("the newest token is kept").contains("clerk-999");
    }

    @Test
    void whenFullThenExpiredEntriesMakeRoomFirst() {
        cache.put("short-1", "a", T0.plusSeconds(10));
        cache.put("long", "b", T0.plusSeconds(600));
        cache.put("short-2", "c", T0.plusSeconds(10));
        clock.now = T0.plusSeconds(20);
        cache.put("new", "d", T0.plusSeconds(600));
        assertThat(cache.get("long")).contains("b");
        assertThat(cache.get("new")).contains("d");
    }

    @Test
    void anUnknownTokenIsNotFound() {
        assertThat(cache.get("never-verified")).isEmpty();
    }

    private static final class MovingClock extends Clock {
        private volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
