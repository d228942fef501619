package io.datarun.gateway.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.gateway.usage.SourceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void whenEverySourceBalancesAndLiveRecordsAreAccountedForThenReconciled() {
        Reconciliation r = Reconciliation.of(List.of(
                new SourceStats("jdbc", "d", 100, 98, 2, NOW),
                new SourceStats("push.d.gateway", "d", 5, 5, 0, NOW)), 90);
        assertThat(r.balanced()).isTrue();
        assertThat(r.rowsSeen()).isEqualTo(105);
        assertThat(r.accepted()).isEqualTo(103);
        assertThat(r.deadLettered()).isEqualTo(2);
        assertThat(r.deadLetterRate()).isEqualTo(2.0 / 105);
    }

    @Test
    void whenASourceLostRowsThenTheMismatchNamesIt() {
        Reconciliation r = Reconciliation.of(List.of(new SourceStats("jdbc", "d", 100, 90, 2, NOW)), 10);
        assertThat(r.balanced()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains("jdbc").contains("100");
    }

    @Test
    void whenLiveRecordsOutnumberAcceptedThenRecordsBypassedTheDoor() {
        Reconciliation r = Reconciliation.of(List.of(), 3);
        assertThat(r.balanced()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains("without validation");
        assertThat(r.deadLetterRate()).isZero();
    }

    @Test
    void feedIsStaleAfterTwiceItsCadenceWithoutChange() {
        Duration daily = Duration.ofDays(1);
        assertThat(Freshness.stale(Optional.of(NOW.minus(Duration.ofHours(47))), daily, NOW)).isFalse();
        assertThat(Freshness.stale(Optional.of(NOW.minus(Duration.ofHours(49))), daily, NOW)).isTrue();
        assertThat(Freshness.stale(Optional.empty(), daily, NOW)).isTrue();
    }

    @Test
    void feedIsUnusedWhenNoConsumerReadItWithinTheWindow() {
        Duration window = Duration.ofDays(30);
        assertThat(Freshness.unused(Optional.of(NOW.minus(Duration.ofDays(29))), window, NOW)).isFalse();
        assertThat(Freshness.unused(Optional.of(NOW.minus(Duration.ofDays(31))), window, NOW)).isTrue();
        assertThat(Freshness.unused(Optional.empty(), window, NOW)).isTrue();
    }
}
