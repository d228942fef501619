package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.demo.DemoDatabase;
import io.datarun.demo.DemoResident;
import io.datarun.demo.DemoResidents;
import io.datarun.kafkalocal.LocalKafkaCluster;
import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, item 4, the connectors' half: three authenticated brokers (separate JVMs), two packaged
 * connector runtimes started as production starts them and logged in as {@code datarun-connectors}
 * under the access plan's ACLs; the broker leading the connectors' offsets partition is killed with
 * SIGKILL during a PostgreSQL backfill and restarted. Every source row arrives exactly once, and
 * every topic the connectors created has three replicas and {@code min.insync.replicas=2}.
 *
 * <p>Still to add once the gateway reads {@code KAFKA_*} settings: two gateway replicas on the same
 * cluster, reads and pushes during the kill (200 or 503 within a bound, never 500; every 202 push
 * readable), two brokers down (below {@code min.insync.replicas}) then recovery, and the audit chains.
 */
class ReplicatedKafkaConnectorsIT {
    static final int SEEDED = 200;
    static final int INSERTED = 20_000;

    @RegisterExtension
    static final E2eStack STACK = new E2eStack(SEEDED, 200, false).withReplicatedKafka().withConnectorRuntimes(2, 1);

    @Test
    void whenABrokerIsKilledDuringABackfillThenEveryRowArrivesOnceOnReplicatedTopics() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(120));
        List<DemoResident> all = new DemoResidents().generate(SEEDED + INSERTED);
        LocalDateTime now = LocalDateTime.now(DemoDatabase.SOURCE_ZONE);
        STACK.database().copy(DemoDatabase.TABLE, all.subList(SEEDED, all.size()),
                r -> now.plusNanos((r.id() - SEEDED) / 100 * 1_000_000L));
        long total = SEEDED + INSERTED;

        LocalKafkaCluster kafka = STACK.kafkaCluster();
        await("a quarter of the backfill committed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> STACK.progress().rowsSeen() >= SEEDED + INSERTED / 4);
        int victim = leaderOf(Topics.CONNECTOR_OFFSETS);
        kafka.kill(victim);
        long atKill = STACK.progress().rowsSeen();
        assertThat(atKill).as("the broker must die mid-backfill").isLessThan(total);
        await("the backfill goes on with one broker down").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> STACK.progress().rowsSeen() > atKill + 1000);
        kafka.restart(victim);

        ConnectorProgress progress = STACK.awaitConnectorCaughtUp(Duration.ofSeconds(240));
        Map<Long, String> rows = STACK.database().residentIdsByRow();
        Set<Long> badRows = all.stream().filter(DemoResident::isBad).map(DemoResident::id).collect(Collectors.toSet());
        Set<String> validSubjects = rows.entrySet().stream().filter(e -> !badRows.contains(e.getKey()))
                .map(Map.Entry::getValue).collect(Collectors.toSet());
        Map<String, Long> perSubject = STACK.topics().countByKey(Topics.records(E2eStack.DATASET));
        assertThat(CommittedTopics.duplicates(perSubject)).as("subjects published more than once").isEmpty();
        assertThat(perSubject.keySet()).as("dataset topic keys").containsExactlyInAnyOrderElementsOf(validSubjects);
        Map<String, Long> perDeadRow = STACK.topics().countByKey(Topics.deadLetters(E2eStack.DATASET));
        assertThat(CommittedTopics.duplicates(perDeadRow)).as("rows dead-lettered more than once").isEmpty();
        assertThat(perDeadRow.keySet()).containsExactlyInAnyOrderElementsOf(badRows.stream().map(String::valueOf).toList());
        assertThat(progress).isEqualTo(new ConnectorProgress(total, total - badRows.size(), badRows.size()));

        for (String topic : List.of(Topics.records(E2eStack.DATASET), Topics.deadLetters(E2eStack.DATASET),
                Topics.CONNECTOR_OFFSETS)) {
            assertThat(describe(topic).partitions()).as(topic).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(minInsync(topic)).as(topic).isEqualTo("2");
        }
    }

    private static Map<String, Object> operator() {
        return STACK.kafkaCluster().clientSettings(KafkaAccessPlan.ADMIN).asMap();
    }

    private static TopicDescription describe(String topic) throws Exception {
        try (Admin admin = Admin.create(operator())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        }
    }

    private static int leaderOf(String topic) throws Exception {
        return describe(topic).partitions().get(0).leader().id();
    }

    private static String minInsync(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(operator())) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get("min.insync.replicas").value();
        }
    }


}
