package io.datarun.kafkalocal;

import static io.datarun.schemas.kafka.KafkaAccessPlan.ADMIN;
import static io.datarun.schemas.kafka.KafkaAccessPlan.CONNECTORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three brokers in three JVMs: replicated topics survive a SIGKILLed broker, which then catches up. */
class LocalKafkaClusterTest {
    private static final String DATASET = "civil-affairs.marital-status";

    @Test
    void aKilledBrokerLosesNoAcknowledgedWriteAndRejoinsAfterARestart(@TempDir Path dir) throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(dir, 3, KafkaAccessPlan.forDepartments(List.of()))) {
            try (Admin admin = Admin.create(cluster.clientSettings(ADMIN).asMap())) {
                TopicProvisioner production = new TopicProvisioner(1, Optional.empty(), true); // refuses fewer than 3 replicas
                production.ensure(admin, List.of(production.recordsTopic(DATASET), production.auditTopic()));
                ConfigResource audit = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AUDIT);
                Config config = admin.describeConfigs(List.of(audit)).all().get(30, TimeUnit.SECONDS).get(audit);
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
                assertThat(replicas(admin, Topics.records(DATASET))).isEqualTo(3);
            }

            Map<String, Object> producerConfig = cluster.clientSettings(CONNECTORS).with(Map.of("acks", "all",
                    "enable.idempotence", true, "delivery.timeout.ms", 60000, "request.timeout.ms", 10000));
            List<String> written = new ArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 50; i++) {
                    send(producer, "before-" + i, written);
                }
                int leader = leader(cluster, Topics.records(DATASET));
                cluster.kill(leader);
                for (int i = 0; i < 50; i++) {
                    send(producer, "while-down-" + i, written);
                }
                cluster.restart(leader);
                for (int i = 0; i < 50; i++) {
                    send(producer, "after-" + i, written);
                }
            }
            assertThat(readAll(cluster)).containsExactlyElementsOf(written);
            try (Admin admin = Admin.create(cluster.clientSettings(ADMIN).asMap())) {
                await("the restarted broker caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> inSync(admin, Topics.records(DATASET)) == 3);
            }
        }
    }

    private static void send(KafkaProducer<String, String> producer, String value, List<String> written) throws Exception {
        producer.send(new ProducerRecord<>(Topics.records(DATASET), 0, "subject", value)).get(90, TimeUnit.SECONDS);
        written.add(value);
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    private static int replicas(Admin admin, String topic) throws Exception {
        return describe(admin, topic).partitions().get(0).replicas().size();
    }

    private static int inSync(Admin admin, String topic) throws Exception {
        return describe(admin, topic).partitions().get(0).isr().size();
    }

    private static int leader(LocalKafkaCluster cluster, String topic) throws Exception {
        try (Admin admin = Admin.create(cluster.clientSettings(ADMIN).asMap())) {
            return describe(admin, topic).partitions().get(0).leader().id();
        }
    }

    private static List<String> readAll(LocalKafkaCluster cluster) {
        List<String> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(Topics.records(DATASET), 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cluster.clientSettings(CONNECTORS).with(Map.of()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
