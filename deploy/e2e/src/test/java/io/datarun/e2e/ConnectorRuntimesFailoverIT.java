package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.demo.DemoDatabase;
import io.datarun.demo.DemoResident;
import io.datarun.demo.DemoResidents;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two packaged connector runtimes against one broker and one PostgreSQL database with four tables,
 * one connector each: the runtimes split the connectors (both get work, none runs on both), and when
 * one runtime is SIGKILLed mid-backfill (the tables' first loads, a row per transaction so there is a
 * middle: in transactions of 10 rows a first load of 4,000 rows was over before the kill once the broker
 * stopped holding each transaction 20 ms, {@code add.partitions.to.txn.retry.backoff.ms}) the other takes its connectors over within 30 s and resumes them from their committed
 * positions, so afterwards every row is in Kafka exactly once.
 */
class ConnectorRuntimesFailoverIT {
    static final int PER_TABLE = 4000;
    static final int TABLES = 4;
    static final int ADDED_PER_TABLE = 300;
    static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final E2eStack STACK = new E2eStack(PER_TABLE, 10, false).withConnectorRuntimes(2, TABLES)
            .withBackfillRows(1);

    @Test
    void whenOneOfTwoRuntimesIsKilledThenTheOtherTakesItsConnectorsOverAndEveryRowIsPublishedOnce() throws Exception {
        PackagedApp a = STACK.connectorRuntime(0);
        PackagedApp b = STACK.connectorRuntime(1);
        Set<String> all = new TreeSet<>();
        for (int i = 0; i < TABLES; i++) {
            all.add(E2eStack.connectorName(i));
        }
        OverlapWatch watch = new OverlapWatch(a, b);
        watch.start();
        try {
            // both get work, together all of it
            Map<String, Set<String>> split = await("both runtimes running a share of the connectors")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Map.of("a", RuntimeStatus.of(a).running(), "b", RuntimeStatus.of(b).running()),
                            s -> !s.get("a").isEmpty() && !s.get("b").isEmpty()
                                    && union(s.get("a"), s.get("b")).equals(all));
            Set<String> onB = split.get("b");
            assertThat(split.get("a")).as("connectors on both runtimes").doesNotContainAnyElementsOf(onB);
            // each runtime's status names the other as the owner of the other's connectors
            RuntimeStatus seenByA = RuntimeStatus.of(a);
            onB.forEach(c -> assertThat(seenByA.connectors().get(c).path("owner").asText()).as("owner of " + c + " seen by a")
                    .isEqualTo(b.name()));
            assertThat(seenByA.connectors().get(onB.iterator().next()).path("state").asText()).isEqualTo("STANDBY");
            // mid-backfill: B's connectors have committed something, not everything
            await("runtime b committed rows of its connectors").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> onB.stream().allMatch(c -> STACK.progress(c).rowsSeen() > 0));

            b.kill();
            long killedAt = System.nanoTime();
            Map<String, Long> atKill = new HashMap<>();
            onB.forEach(c -> atKill.put(c, STACK.progress(c).rowsSeen()));
            System.out.printf("killed runtime b holding %s at committed rows %s%n", onB, atKill);
            assertThat(atKill.values()).as("b's connectors were still backfilling when it was killed")
                    .anyMatch(rows -> rows < PER_TABLE);
            addRowsToEveryTable();

            // a takes b's connectors over and they move on from where b committed
            await("runtime a runs every connector and b's have committed more").atMost(TAKEOVER_LIMIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> RuntimeStatus.of(a).running().equals(all)
                            && onB.stream().allMatch(c -> STACK.progress(c).rowsSeen() > atKill.get(c)));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf("runtime a took over %s and committed from their positions %.1f s after the kill%n",
                    onB, takeover.toMillis() / 1000.0);

            for (String connector : all) {
                int table = connector.equals(E2eStack.CONNECTOR) ? 0 : Integer.parseInt(connector.substring(connector.lastIndexOf('-') + 1));
                long rows = STACK.database().count(E2eStack.table(table));
                await(connector + " committed all " + rows + " rows").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500)).until(() -> STACK.progress(connector).rowsSeen() >= rows);
            }
        } finally {
            watch.stop();
        }
        assertThat(watch.overlaps()).as("moments a connector was active on both runtimes").isEmpty();
        assertEveryRowOnce();
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> union = new TreeSet<>(x);
        union.addAll(y);
        return union;
    }

    /** Newer rows in every table, so a taken-over connector has rows to read even if its backfill was done. */
    private static void addRowsToEveryTable() throws Exception {
        int seeded = PER_TABLE * TABLES;
        List<DemoResident> more = new DemoResidents().generate(seeded + ADDED_PER_TABLE * TABLES).subList(seeded,
                seeded + ADDED_PER_TABLE * TABLES);
        LocalDateTime now = LocalDateTime.now(DemoDatabase.SOURCE_ZONE);
        for (int i = 0; i < TABLES; i++) {
            STACK.database().insert(E2eStack.table(i), more.subList(i * ADDED_PER_TABLE, (i + 1) * ADDED_PER_TABLE),
                    r -> now.plusNanos(r.id() % 50 * 1_000_000L));
        }
    }

    private static void assertEveryRowOnce() throws Exception {
        int total = (PER_TABLE + ADDED_PER_TABLE) * TABLES;
        List<DemoResident> population = new DemoResidents().generate(total);
        Set<Long> badRows = population.stream().filter(DemoResident::isBad).map(DemoResident::id).collect(Collectors.toSet());
        Set<String> validSubjects = new HashSet<>();
        long rows = 0;
        for (int i = 0; i < TABLES; i++) {
            Map<Long, String> table = STACK.database().residentIdsByRow(E2eStack.table(i));
            rows += table.size();
            table.forEach((id, subject) -> {
                if (!badRows.contains(id)) {
                    validSubjects.add(subject);
                }
            });
        }
        assertThat(rows).isEqualTo(total);
        assertThat(validSubjects).hasSize(total - badRows.size());

        Map<String, Long> perSubject = STACK.topics().countByKey(Topics.records(E2eStack.DATASET));
        assertThat(CommittedTopics.duplicates(perSubject)).as("subjects published more than once").isEmpty();
        assertThat(perSubject.keySet()).as("dataset topic keys").isEqualTo(validSubjects);
        Map<String, Long> perDeadRow = STACK.topics().countByKey(Topics.deadLetters(E2eStack.DATASET));
        assertThat(CommittedTopics.duplicates(perDeadRow)).as("rows dead-lettered more than once").isEmpty();
        assertThat(perDeadRow.keySet()).as("dead-lettered row ids")
                .containsExactlyInAnyOrderElementsOf(badRows.stream().map(String::valueOf).toList());
        long accepted = 0;
        long deadLettered = 0;
        for (int i = 0; i < TABLES; i++) {
            ConnectorProgress progress = STACK.progress(E2eStack.connectorName(i));
            assertThat(progress.rowsSeen()).as(E2eStack.connectorName(i) + " rowsSeen")
                    .isEqualTo(PER_TABLE + ADDED_PER_TABLE);
            accepted += progress.accepted();
            deadLettered += progress.deadLettered();
        }
        assertThat(accepted + deadLettered).isEqualTo(total);
        assertThat(deadLettered).isEqualTo(badRows.size());
    }



    /**
     * Samples both status endpoints every 200 ms: a, then b, then a again. A connector active in
     * both samples of a and in the sample of b between them ran on both runtimes at once (a
     * handover between two samples cannot fake that: a stopped connector is not restarted within one round).
     */
    private static final class OverlapWatch {
        private final PackagedApp a;
        private final PackagedApp b;
        private final List<String> overlaps = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "overlap-watch");
            thread.setDaemon(true);
            return thread;
        });
        private Set<String> before;

        OverlapWatch(PackagedApp a, PackagedApp b) {
            this.a = a;
            this.b = b;
        }

        void start() {
            before = RuntimeStatus.of(a).active();
            sampler.scheduleWithFixedDelay(this::sample, 200, 200, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            Set<String> onB = RuntimeStatus.of(b).active();
            Set<String> after = RuntimeStatus.of(a).active();
            Set<String> both = new TreeSet<>(before);
            both.retainAll(onB);
            both.retainAll(after);
            if (!both.isEmpty()) {
                overlaps.add(both.toString());
            }
            before = after;
        }

        void stop() throws InterruptedException {
            sampler.shutdown();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }

        List<String> overlaps() {
            return new ArrayList<>(overlaps);
        }
    }
}
