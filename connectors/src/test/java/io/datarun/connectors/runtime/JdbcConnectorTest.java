package io.datarun.connectors.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.kafka.Progress;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.support.ConnectorTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.TestDatabases;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The real route against a real PostgreSQL database and a real Kafka broker: rows in, Avro records
 * keyed by resident ID out, invalid rows dead-lettered, and a restart that neither loses nor repeats a row.
 */
@QuarkusTest
@WithTestResource(ConnectorTestResource.class)
class JdbcConnectorTest {
    private static final String CONNECTOR = ConnectorTestResource.CONNECTOR;
    private static final String DATASET = "public-security.household-registry";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Every test writes rows later than the ones before: the watermark only moves forward. */
    private static LocalDateTime clock = LocalDateTime.of(2025, 3, 1, 9, 0, 0, 123_456_000);

    @Inject
    ConnectorRuntime runtime;
    @Inject
    RecordCodec codec;
    @ConfigProperty(name = "datarun-test.jdbc-url")
    String url;
    @Inject
    KafkaClientSettings kafka;

    /** Rows updated after they were read (marked deleted): each is read, and counted, once more. */
    private static final java.util.concurrent.atomic.AtomicLong REREAD = new java.util.concurrent.atomic.AtomicLong();

    /** Row versions the connector must have seen: every row inserted, plus every later update of one. */
    private long rowsWritten() {
        return Residents.count(url) + REREAD.get();
    }

    private static synchronized LocalDateTime later() {
        clock = clock.plusHours(1);
        return clock;
    }

    @Test
    void whenRowsAreInsertedThenTheyArriveKeyedByResidentIdAndDecodable() {
        LocalDateTime ts = later();
        List<Residents.Row> rows = List.of(Residents.valid(ts), Residents.valid(ts), Residents.valid(ts.plusSeconds(1)));
        Residents.insert(url, rows);

        awaitCaughtUp();
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = recordsByKey();
        for (Residents.Row row : rows) {
            assertThat(byKey.get(row.sfzh())).as("records of row %d", row.id()).hasSize(1);
            ConsumerRecord<String, byte[]> record = byKey.get(row.sfzh()).get(0);
            GenericRecord decoded = codec.decode(DATASET, record.value());
            assertThat(decoded.get("residentId")).hasToString(row.sfzh());
            assertThat(decoded.get("gender")).hasToString("MALE");
            assertThat(decoded.get("birthDate")).isEqualTo(ResidentIdNumber.parseBirthDate(row.sfzh()).orElseThrow());
            // updatedAt is timestamp-millis: the source's microseconds are cut to milliseconds
            assertThat(decoded.get("updatedAt")).isEqualTo(row.gxsj().atZone(ZoneId.of("Asia/Shanghai")).toInstant()
                    .truncatedTo(ChronoUnit.MILLIS));
            assertThat(header(record, TransactionalPublisher.HEADER_CONNECTOR)).isEqualTo(CONNECTOR);
            assertThat(Messages.read(header(record, TransactionalPublisher.HEADER_POSITION).getBytes(StandardCharsets.UTF_8))
                    .path("key").asLong()).isEqualTo(row.id());
        }
    }

    @Test
    void whenRowFailsValidationThenDeadLettered() {
        LocalDateTime ts = later();
        Residents.Row good = Residents.valid(ts);
        Residents.Row bad = Residents.badChecksum(ts);
        Residents.insert(url, List.of(good, bad));

        awaitCaughtUp();
        List<ConsumerRecord<String, byte[]>> letters = TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).stream()
                .filter(r -> r.key().equals(String.valueOf(bad.id()))).toList();
        assertThat(letters).hasSize(1);
        JsonNode letter = Messages.read(letters.get(0).value());
        assertThat(letter.path("connector").asText()).isEqualTo(CONNECTOR);
        assertThat(letter.path("dataset").asText()).isEqualTo(DATASET);
        assertThat(letter.path("sourcePosition").path("key").asLong()).isEqualTo(bad.id());
        assertThat(letter.path("sourcePosition").path("ts").asText()).isEqualTo(SourcePosition.TS_FORMAT.format(ts));
        assertThat(letter.path("raw").path("sfzh").asText()).isEqualTo(bad.sfzh());
        assertThat(letter.path("violations").findValuesAsText("code")).containsExactly("resident-id.checksum");
        assertThat(letter.path("violations").get(0).path("field").asText()).isEqualTo("residentId");
        assertThat(recordsByKey()).containsKey(good.sfzh()).doesNotContainKey(bad.sfzh());

        JsonNode offsets = lastOffsets();
        assertThat(offsets.path("accepted").asLong() + offsets.path("deadLettered").asLong())
                .isEqualTo(offsets.path("rowsSeen").asLong())
                .isEqualTo(rowsWritten());
        assertThat(offsets.path("deadLettered").asLong())
                .isEqualTo(TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).size());
    }

    @Test
    void whenConnectorRestartsMidBackfillThenEveryRowArrivesExactlyOnce() throws Exception {
        long before = runtime.connector(CONNECTOR).committed().rowsSeen();
        List<Residents.Row> rows = new ArrayList<>();
        LocalDateTime ts = later();
        for (int group = 0; group < 120; group++) {
            for (int i = 0; i < 5; i++) {
                rows.add(Residents.valid(ts.plusSeconds(group))); // five rows per timestamp, batches of seven
            }
        }
        Residents.insert(url, rows);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> runtime.connector(CONNECTOR).committed().rowsSeen() >= before + 3 * ConnectorTestResource.BATCH_SIZE);

        runtime.stop(CONNECTOR);
        Progress stopped = runtime.connector(CONNECTOR).committed();
        JsonNode stored = lastOffsets();
        assertThat(stored.path("rowsSeen").asLong()).isEqualTo(stopped.rowsSeen());
        SourcePosition position = stopped.position().orElseThrow();
        assertThat(stored.path("position").path("ts").asText()).isEqualTo(position.tsText());

        // while it is down: rows sharing the last committed timestamp, and later ones
        List<Residents.Row> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            more.add(Residents.valid(position.ts()));
        }
        LocalDateTime after = later();
        for (int i = 0; i < 10; i++) {
            more.add(Residents.valid(after.plusSeconds(i / 5)));
        }
        Residents.insert(url, more);
        runtime.start(CONNECTOR);

        awaitCaughtUp();
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = recordsByKey();
        List<Residents.Row> all = new ArrayList<>(rows);
        all.addAll(more);
        assertThat(all).allSatisfy(row -> assertThat(byKey.get(row.sfzh())).as("records of row %d", row.id()).hasSize(1));
        JsonNode offsets = lastOffsets();
        long recordsInTopic = byKey.values().stream().mapToLong(List::size).sum();
        assertThat(offsets.path("accepted").asLong()).isEqualTo(recordsInTopic);
        assertThat(offsets.path("rowsSeen").asLong()).isEqualTo(rowsWritten());
        assertThat(offsets.path("deadLettered").asLong())
                .isEqualTo(TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).size());
    }

    @Test
    void whenAZombieLeftATransactionOpenThenStartingFencesItAndItsWritesNeverShow() {
        String name = "zombie-check";
        Map<String, Object> config = kafka.with(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TransactionalPublisher.transactionalId(name)));
        KafkaSettings settings = new KafkaSettings(kafka, new TopicProvisioner(3, Optional.empty(), false), Duration.ofSeconds(20));
        TransactionalPublisher.open(settings, name, DATASET, codec, Clock.systemUTC()).close(); // topics exist
        try (KafkaProducer<String, byte[]> zombie = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(Topics.records(DATASET), "zombie-subject", new byte[] {1}));
            zombie.send(new ProducerRecord<>(Topics.CONNECTOR_OFFSETS, name, Messages.offsets(name, DATASET,
                    Progress.NONE.plus(Optional.of(new SourcePosition(later(), 99L)), 99, 0), Instant.now())));
            zombie.flush(); // sent, never committed: the runtime died here

            try (TransactionalPublisher successor = TransactionalPublisher.open(settings, name, DATASET, codec,
                    Clock.systemUTC())) {
                assertThat(successor.committed()).isEqualTo(Progress.NONE);
                assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class);
            }
        }
        assertThat(recordsByKey()).doesNotContainKey("zombie-subject");
    }

    @Test
    void whenSourceFailsThenHealthIsDownAndConnectorRecoversWithoutLosingRows() {
        awaitCaughtUp();
        TestDatabases.execute(url, TestDatabases.POSTGRES_USER, "ALTER TABLE hukou_residents RENAME TO hukou_residents_away");
        try {
            await().atMost(WAIT).until(() -> runtime.connector(CONNECTOR).state() == ConnectorState.FAILING);
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'datarun-connectors' }.data.'" + CONNECTOR + "'",
                            containsString("hukou_residents"));
        } finally {
            TestDatabases.execute(url, TestDatabases.POSTGRES_USER, "ALTER TABLE hukou_residents_away RENAME TO hukou_residents");
        }
        Residents.Row row = Residents.valid(later());
        Residents.insert(url, List.of(row));

        awaitCaughtUp();
        assertThat(runtime.connector(CONNECTOR).state()).isEqualTo(ConnectorState.RUNNING);
        assertThat(recordsByKey().get(row.sfzh())).hasSize(1);
    }

    @Test
    void whenConnectorRunsThenHealthAndMetricsReportIt() {
        awaitCaughtUp();
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'datarun-connectors' }.data.'" + CONNECTOR + "'", startsWith("RUNNING"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("datarun_connector_rows_total{connector=\"" + CONNECTOR + "\""));
    }

    @Test
    void whenTheSourceMarksARowDeletedThenItsSubjectGetsATombstoneCountedAsAccepted() {
        LocalDateTime ts = later();
        Residents.Row row = Residents.valid(ts);
        Residents.insert(url, List.of(row));
        awaitCaughtUp();
        TestDatabases.execute(url, TestDatabases.POSTGRES_USER, "UPDATE hukou_residents SET sc_bz = '1', gxsj = '"
                + later() + "' WHERE id = " + row.id());
        REREAD.incrementAndGet();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> recordsByKey().getOrDefault(row.sfzh(), List.of())
                .stream().anyMatch(r -> r.value() == null));
        List<ConsumerRecord<String, byte[]>> versions = recordsByKey().get(row.sfzh());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).value()).as("the tombstone").isNull();
        assertThat(header(versions.get(1), TransactionalPublisher.HEADER_CONNECTOR)).isEqualTo(CONNECTOR);
        JsonNode offsets = lastOffsets();
        // the marked row is a second row seen; it passed the door, so rows seen = accepted + dead-lettered still holds
        assertThat(offsets.path("accepted").asLong() + offsets.path("deadLettered").asLong())
                .isEqualTo(offsets.path("rowsSeen").asLong()).isEqualTo(rowsWritten());
    }

    private void awaitCaughtUp() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode offsets = lastOffsets();
            return offsets != null && offsets.path("rowsSeen").asLong() == rowsWritten();
        });
    }

    private JsonNode lastOffsets() {
        JsonNode last = null;
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(kafka, Topics.CONNECTOR_OFFSETS)) {
            if (CONNECTOR.equals(record.key())) {
                last = Messages.read(record.value());
            }
        }
        return last;
    }

    private Map<String, List<ConsumerRecord<String, byte[]>>> recordsByKey() {
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(Function.identity(), Collectors.toList())));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

}
