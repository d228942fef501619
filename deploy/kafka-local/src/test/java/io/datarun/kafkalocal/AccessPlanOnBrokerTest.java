package io.datarun.kafkalocal;

import static io.datarun.schemas.kafka.KafkaAccessPlan.ADMIN;
import static io.datarun.schemas.kafka.KafkaAccessPlan.CONNECTORS;
import static io.datarun.schemas.kafka.KafkaAccessPlan.GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SASL broker given exactly the access plan enforces what the plan says: for each principal
 * and each kind of topic, a write and a read succeed exactly when {@link KafkaAccessPlan#allows}
 * says so; and a department's principal gets nothing at all.
 */
class AccessPlanOnBrokerTest {
    private static final String DEPARTMENT = "dept-civil-affairs";
    private static final KafkaAccessPlan PLAN = KafkaAccessPlan.forDepartments(List.of("civil-affairs"));
    private static final String DATASET = Topics.records("civil-affairs.marital-status");
    /** A dataset registered after the ACLs were applied: covered by the prefix. */
    private static final String LATER_DATASET = Topics.records("natural-resources.land-parcels");

    @TempDir
    static Path dir;
    static LocalKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = LocalKafkaBroker.startSecured(dir.resolve("kafka"), 0, 0, dir.resolve("credentials"), PLAN);
        try (Admin admin = Admin.create(broker.clientSettings(ADMIN).asMap())) {
            TopicProvisioner topics = new TopicProvisioner(1, Optional.empty(), false);
            List<NewTopic> all = new ArrayList<>(List.of(topics.recordsTopic("civil-affairs.marital-status"),
                    topics.deadLetterTopic("civil-affairs.marital-status"), topics.recordsTopic("natural-resources.land-parcels")));
            Topics.internal().forEach(name -> all.add(new NewTopic(name, Optional.of(1), Optional.empty())));
            topics.ensure(admin, all);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<String> topics() {
        List<String> topics = new ArrayList<>(List.of(DATASET, Topics.deadLetters("civil-affairs.marital-status"), LATER_DATASET));
        topics.addAll(Topics.internal());
        return topics;
    }

    @Test
    void everyWriteAndReadSucceedsExactlyWhenThePlanAllowsIt() {
        List<String> disagreements = new ArrayList<>();
        for (String principal : List.of(GATEWAY, CONNECTORS, DEPARTMENT)) {
            for (String topic : topics()) {
                boolean wrote = canWrite(principal, topic);
                boolean read = canRead(principal, topic);
                if (wrote != PLAN.allows(principal, ResourceType.TOPIC, topic, AclOperation.WRITE)) {
                    disagreements.add(principal + " write " + topic + ": broker says " + wrote);
                }
                if (read != PLAN.allows(principal, ResourceType.TOPIC, topic, AclOperation.READ)) {
                    disagreements.add(principal + " read " + topic + ": broker says " + read);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void aDepartmentCanNeitherReadDatasetsNorWriteGrantsAuditOrDatasets() {
        for (String dataset : List.of(DATASET, LATER_DATASET)) {
            assertThat(canRead(DEPARTMENT, dataset)).as("read " + dataset).isFalse();
            assertThat(canWrite(DEPARTMENT, dataset)).as("write " + dataset).isFalse();
        }
        assertThat(canWrite(DEPARTMENT, Topics.GRANTS)).isFalse();
        assertThat(canWrite(DEPARTMENT, Topics.AUDIT)).isFalse();
        assertThat(canInitTransactions(DEPARTMENT, "datarun-connector-x")).isFalse();
        try (Admin admin = Admin.create(settings(DEPARTMENT))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("it cannot even see the topics").isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void connectorsCannotForgeAGrantOrAnAuditEventNorFenceTheGateway() {
        assertThat(canWrite(CONNECTORS, Topics.GRANTS)).isFalse();
        assertThat(canWrite(CONNECTORS, Topics.AUDIT)).isFalse();
        assertThat(canInitTransactions(CONNECTORS, TransactionIds.CONNECTOR)).isTrue();
        assertThat(canInitTransactions(CONNECTORS, TransactionIds.GATEWAY_AUDIT)).isFalse();
        assertThat(canInitTransactions(GATEWAY, TransactionIds.GATEWAY_AUDIT)).isTrue();
        assertThat(canInitTransactions(GATEWAY, TransactionIds.CONNECTOR)).isFalse();
    }

    /** Transactional ids as the processes name them. */
    private static final class TransactionIds {
        static final String CONNECTOR = KafkaAccessPlan.CONNECTOR_TRANSACTIONS + "ps-household-registry";
        static final String GATEWAY_AUDIT = KafkaAccessPlan.GATEWAY_APPLICATION_ID + "-audit-gateway";
    }

    private static Map<String, Object> settings(String principal) {
        return broker.clientSettings(principal).with(Map.of("default.api.timeout.ms", 15000, "request.timeout.ms", 5000));
    }

    private static boolean canWrite(String principal, String topic) {
        // not idempotent: what is checked is the topic's ACL, not the right to an idempotent producer id
        Map<String, Object> config = broker.clientSettings(principal).with(Map.of("acks", "1", "enable.idempotence", false,
                "max.block.ms", 10000, "delivery.timeout.ms", 15000, "request.timeout.ms", 5000, "linger.ms", 0));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "probe", "probe")).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return false;
            }
            throw new AssertionError(principal + " writing " + topic, e);
        } catch (AuthorizationException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(principal + " writing " + topic, e);
        }
    }

    private static boolean canRead(String principal, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings(principal), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(15)); // a refused principal fails here or at the fetch
            for (int i = 0; i < 3; i++) {
                consumer.poll(Duration.ofMillis(300));
            }
            return true;
        } catch (AuthorizationException e) {
            return false;
        }
    }

    private static boolean canInitTransactions(String principal, String transactionalId) {
        Map<String, Object> config = broker.clientSettings(principal).with(Map.of("transactional.id", transactionalId,
                "max.block.ms", 15000));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            return true;
        } catch (AuthorizationException e) {
            return false;
        }
    }
}
