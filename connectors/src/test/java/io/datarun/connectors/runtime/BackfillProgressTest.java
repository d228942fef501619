package io.datarun.connectors.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Remaining rows between two counts, ETA from the rate, and what stays unknown. */
class BackfillProgressTest {

    @Test
    void whenBatchesCommitBetweenCountsThenRemainingGoesDownAndEtaFollowsTheRate() {
        BackfillProgress progress = new BackfillProgress();
        progress.backlog(10_000, Duration.ofMinutes(3));
        progress.rate(2_000);
        progress.committed(500);
        progress.committed(500);
        assertThat(progress.remaining()).hasValue(9_000);
        assertThat(progress.etaSeconds()).hasValue(4.5);
        assertThat(progress.lag()).contains(Duration.ofMinutes(3));
        assertThat(progress.describe()).isEqualTo("remaining=9000 eta=5s lag=180s");
    }

    @Test
    void whenNothingWasCountedThenRemainingEtaAndLagAreUnknownNotZero() {
        BackfillProgress progress = new BackfillProgress();
        progress.rate(1_000);
        progress.committed(500);
        assertThat(progress.remaining()).isEmpty();
        assertThat(progress.etaSeconds()).isEmpty();
        assertThat(progress.lag()).isEmpty();
        assertThat(progress.describe()).isEqualTo("remaining=? eta=? lag=?");
    }

    @Test
    void whenCaughtUpThenNothingRemainsAndEtaIsZeroEvenWithoutARate() {
        BackfillProgress progress = new BackfillProgress();
        progress.caughtUp();
        assertThat(progress.remaining()).hasValue(0);
        assertThat(progress.etaSeconds()).hasValue(0);
        progress.backlogUnknown();
        assertThat(progress.remaining()).isEmpty();
    }

    @Test
    void whenMoreIsCommittedThanCountedThenRemainingStopsAtZero() {
        BackfillProgress progress = new BackfillProgress();
        progress.backlog(100, Duration.ZERO);
        progress.committed(150); // rows written to the source after the count
        assertThat(progress.remaining()).hasValue(0);
    }
}
