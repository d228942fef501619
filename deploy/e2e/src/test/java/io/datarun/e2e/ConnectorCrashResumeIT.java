package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.demo.DemoDatabase;
import io.datarun.demo.DemoResident;
import io.datarun.demo.DemoResidents;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector is killed with SIGKILL (no shutdown hook, a Kafka transaction left open) at two
 * different moments of a backfill and restarted each time; afterwards every source row must be in
 * Kafka exactly once: accepted rows in the dataset topic, bad rows in the dead-letter topic.
 */
class ConnectorCrashResumeIT {
    static final int SEEDED = 400;
    static final int INSERTED = 3000;

    @RegisterExtension
    static final E2eStack STACK = new E2eStack(SEEDED, 50, false);

    @Test
    void whenConnectorIsKilledTwiceDuringBackfillThenEveryRowIsPublishedExactlyOnce() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(60));
        List<DemoResident> all = new DemoResidents().generate(SEEDED + INSERTED);
        List<DemoResident> added = all.subList(SEEDED, all.size());
        // newer than everything seeded; groups of 100 rows share a time, so the (time, id) position breaks ties
        LocalDateTime now = LocalDateTime.now(DemoDatabase.SOURCE_ZONE);
        STACK.database().insert(added, r -> now.plusNanos((r.id() - SEEDED) / 100 * 1_000_000L));
        long total = SEEDED + INSERTED;

        killWhenCommitted(SEEDED + 300, total);
        restart();
        killWhenCommitted(SEEDED + 1500, total);
        restart();

        ConnectorProgress progress = STACK.awaitConnectorCaughtUp(Duration.ofSeconds(120));
        assertThat(STACK.database().count()).isEqualTo(total);
        Map<Long, String> rows = STACK.database().residentIdsByRow();
        Set<Long> badRows = all.stream().filter(DemoResident::isBad).map(DemoResident::id).collect(Collectors.toSet());
        Set<String> validSubjects = rows.entrySet().stream().filter(e -> !badRows.contains(e.getKey()))
                .map(Map.Entry::getValue).collect(Collectors.toSet());
        assertThat(validSubjects).hasSize(rows.size() - badRows.size());

        Map<String, Long> perSubject = STACK.topics().countByKey(Topics.records(E2eStack.DATASET));
        assertThat(CommittedTopics.duplicates(perSubject)).as("subjects published more than once").isEmpty();
        assertThat(validSubjects).as("valid rows missing from the dataset topic")
                .allMatch(perSubject::containsKey);
        assertThat(perSubject.keySet()).as("dataset topic keys that are no valid row").allMatch(validSubjects::contains);

        Map<String, Long> perDeadRow = STACK.topics().countByKey(Topics.deadLetters(E2eStack.DATASET));
        assertThat(CommittedTopics.duplicates(perDeadRow)).as("rows dead-lettered more than once").isEmpty();
        assertThat(perDeadRow.keySet()).as("dead-lettered row ids")
                .containsExactlyInAnyOrderElementsOf(badRows.stream().map(String::valueOf).toList());

        assertThat(progress).as("committed offsets")
                .isEqualTo(new ConnectorProgress(total, total - badRows.size(), badRows.size()));
    }

    /** Waits until the connector has committed at least {@code rows} rows, then kills it while rows remain. */
    private static void killWhenCommitted(long rows, long total) {
        await("connector committed " + rows + " rows").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> STACK.progress().rowsSeen() >= rows);
        STACK.connector().kill();
        ConnectorProgress atKill = STACK.progress();
        assertThat(atKill.rowsSeen()).as("rows committed when killed (the kill must come mid-backfill)")
                .isGreaterThanOrEqualTo(rows).isLessThan(total);
    }

    private static void restart() {
        STACK.connector().start();
        STACK.connector().awaitReady(E2eStack.START_TIMEOUT);
    }


}
