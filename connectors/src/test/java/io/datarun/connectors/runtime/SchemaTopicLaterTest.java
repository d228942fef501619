package io.datarun.connectors.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.wire.SchemaLog;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.datarun.testkit.TestBroker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A connector runtime may start before any gateway has created {@code datarun._schemas} (a
 * department's runtime installed first, the bench's first load). It then knows the shipped datasets,
 * and it must learn a dataset registered once the topic exists — without asking Kafka for the missing
 * topic ten times a second meanwhile (each ask was a WARN line from the Kafka client).
 */
class SchemaTopicLaterTest {

    @Test
    void aRuntimeStartedBeforeTheTopicExistsLearnsDatasetsRegisteredAfterItAppears() throws Exception {
        // an open broker: a second secured broker in a JVM where a Quarkus test already ran one fails
        // its own SASL handshake (the callback classes come from two class loaders). On a secured broker
        // the topic list needs DESCRIBE, which the connectors' READ on the topic implies (KafkaAccessPlanTest)
        try (TestBroker broker = TestBroker.start("datarun-schema-later");
                Admin admin = Admin.create(broker.clientSettings(KafkaAccessPlan.ADMIN).asMap())) {
            SchemaRegistry registry = SchemaRegistry.load();
            DatasetDescriptor late = DatasetDescriptor.of(lateSchema(), "late-dataset.avsc");
            assertThat(registry.isShipped(late.id())).isFalse();
            KafkaMetadataWarnings warnings = KafkaMetadataWarnings.capture();
            try (SchemaLog log = new SchemaLog(registry, broker.clientSettings(KafkaAccessPlan.CONNECTORS).asMap())) {
                log.catchUp(Duration.ofSeconds(30));
                log.follow();
                // the runtime waits for the topic as it would before a gateway starts, knowing only the shipped datasets
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> registry.latestOfEach().stream().noneMatch(d -> d.id().equals(late.id())));

                new TopicProvisioner(1, (short) 1).ensure(admin, List.of(new TopicProvisioner(1, (short) 1).schemasTopic()));
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        broker.clientSettings(KafkaAccessPlan.ADMIN).asMap(), new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(Topics.SCHEMAS, SchemaLog.key(late), SchemaLog.value(late))).get();
                }

                await("the runtime knows " + late.id()).atMost(Duration.ofSeconds(30))
                        .until(() -> registry.latestOfEach().stream().anyMatch(d -> d.id().equals(late.id())));
            } finally {
                warnings.close();
            }
            assertThat(warnings.count()).as("metadata warnings about the missing topic while waiting for it").isLessThanOrEqualTo(2);
        }
    }

    private static Schema lateSchema() throws Exception {
        try (InputStream in = SchemaTopicLaterTest.class.getResourceAsStream("/registration/late-dataset.avsc")) {
            return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Counts the Kafka network client's warnings naming {@code datarun._schemas} (JUL, as the tests log). */
    private static final class KafkaMetadataWarnings extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("org.apache.kafka.clients.NetworkClient");
        private int count;

        static KafkaMetadataWarnings capture() {
            KafkaMetadataWarnings handler = new KafkaMetadataWarnings();
            handler.logger.addHandler(handler);
            return handler;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            String message = new java.util.logging.SimpleFormatter().formatMessage(record);
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() && message.contains(Topics.SCHEMAS)) {
                count++;
            }
        }

        synchronized int count() {
            return count;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
