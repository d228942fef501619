package io.datarun.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.connectors.kafka.SourceProgress;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.support.FileDropTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.Spreadsheet;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A drop folder of full exports ({@code fullExport: true}) against a real folder and a real broker:
 * a resident missing from the next export is deleted (a tombstone in the export's transaction), a
 * resident whose row is refused is not, another connector's residents are not, and an empty export
 * deletes nobody and says why. The mapping gives every record a constant and the date in the file's name.
 */
@QuarkusTest
@WithTestResource(FileDropTestResource.class)
class FullExportConnectorTest {
    private static final String DATASET = "public-security.household-registry";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    RecordCodec codec;
    @Inject
    ConnectorRuntime runtime;
    @Inject
    KafkaClientSettings kafka;
    @ConfigProperty(name = "datarun-test.export-dir", defaultValue = "unset")
    Path exports;
    @ConfigProperty(name = "datarun-test.drop-dir", defaultValue = "unset")
    Path drop;

    @Test
    void whenResidentsAreMissingFromTheNextFullExportThenTheyAreDeletedAndAnEmptyExportDeletesNobody() throws IOException {
        LocalDateTime ts = LocalDateTime.of(2025, 6, 1, 8, 0);
        // a resident of the other (incremental) connector: a full export never deletes what it did not publish
        Residents.Row others = Residents.valid(ts);
        Files.write(drop.resolve("other-connector.csv"), Spreadsheet.csv(List.of(others), StandardCharsets.UTF_8));
        List<Residents.Row> roll = IntStream.range(0, 10).mapToObj(i -> Residents.valid(ts)).toList();
        await().atMost(WAIT).until(() -> latest(others.sfzh()).isPresent());

        write("roll-2025-06-01.csv", roll, Map.of());
        await().atMost(WAIT).until(() -> Files.exists(exports.resolve("done").resolve("roll-2025-06-01.csv")));
        for (Residents.Row row : roll) {
            GenericRecord record = latest(row.sfzh()).orElseThrow().orElseThrow();
            assertThat(record.get("ethnicity")).hasToString(FileDropTestResource.CONSTANT_ETHNICITY); // the constant
            assertThat(record.get("updatedAt")).isEqualTo(LocalDate.of(2025, 6, 1).atStartOfDay(ZoneId.of("Asia/Shanghai"))
                    .toInstant()); // the date in the file's name
        }
        SourceProgress afterFirst = committed();
        assertThat(afterFirst.rowsSeen()).isEqualTo(10);

        // next export: 3 and 10 have left the roll, 4's row is refused (2 月 30 日), a newcomer arrives
        Residents.Row newcomer = Residents.valid(ts);
        List<Residents.Row> next = new ArrayList<>(roll);
        next.remove(9);
        next.remove(2);
        next.add(newcomer);
        write("roll-2025-06-02.csv", next, Map.of(roll.get(3).sfzh(), "1980年2月30日"));
        await().atMost(WAIT).until(() -> Files.exists(exports.resolve("done").resolve("roll-2025-06-02.csv")));

        assertThat(latest(roll.get(2).sfzh())).contains(Optional.empty()); // a tombstone
        assertThat(latest(roll.get(9).sfzh())).contains(Optional.empty());
        assertThat(latest(roll.get(3).sfzh()).orElseThrow()).isPresent(); // refused row, still on the roll
        assertThat(latest(newcomer.sfzh()).orElseThrow()).isPresent();
        assertThat(latest(others.sfzh()).orElseThrow()).isPresent();
        // the tombstones name the export they come from
        ConsumerRecord<String, byte[]> tombstone = lastOf(roll.get(2).sfzh());
        assertThat(new String(tombstone.headers().lastHeader(TransactionalPublisher.HEADER_POSITION).value(),
                StandardCharsets.UTF_8)).contains("roll-2025-06-02.csv").contains("\"fullExport\":\"missing\"");
        // counting rule: rows seen = accepted + dead-lettered, the deletions are no source rows
        SourceProgress afterSecond = committed();
        assertThat(afterSecond.rowsSeen() - afterFirst.rowsSeen()).isEqualTo(9);
        assertThat(afterSecond.deadLettered() - afterFirst.deadLettered()).isEqualTo(1);
        assertThat(afterSecond.rowsSeen()).isEqualTo(afterSecond.accepted() + afterSecond.deadLettered());
        List<String> report = Files.readAllLines(exports.resolve("done").resolve("roll-2025-06-02.csv.rejections.csv"),
                StandardCharsets.UTF_8);
        assertThat(report).anySatisfy(line -> assertThat(line).startsWith(",residentId,full-export.deleted,2 subjects"));

        // an export with nothing but its header (a failed extraction): everybody would go; nobody does
        write("roll-2025-06-03.csv", List.of(), Map.of());
        await().atMost(WAIT).until(() -> Files.exists(exports.resolve("done").resolve("roll-2025-06-03.csv")));
        for (Residents.Row row : next) {
            assertThat(latest(row.sfzh()).orElseThrow()).as("resident %s kept", row.id()).isPresent();
        }
        List<String> refused = Files.readAllLines(exports.resolve("done").resolve("roll-2025-06-03.csv.rejections.csv"),
                StandardCharsets.UTF_8);
        assertThat(refused).anySatisfy(line -> assertThat(line)
                .startsWith(",residentId,full-export.deletions-withheld,\"full export withheld its deletions: 9 of the 9 "));
    }

    private SourceProgress committed() {
        return runtime.polledConnector(FileDropTestResource.FULL_EXPORT_CONNECTOR).committed();
    }

    private void write(String name, List<Residents.Row> rows, Map<String, String> birthDates) throws IOException {
        StringBuilder text = new StringBuilder(String.join(",", Spreadsheet.HEADER)).append("\r\n");
        for (Residents.Row row : rows) {
            List<String> cells = new ArrayList<>(Spreadsheet.cells(row));
            if (birthDates.containsKey(row.sfzh())) {
                cells.set(3, birthDates.get(row.sfzh()));
            }
            text.append(String.join(",", cells)).append("\r\n");
        }
        Path part = exports.resolve(name + ".part");
        Files.writeString(part, text, StandardCharsets.UTF_8);
        Files.move(part, exports.resolve(name));
    }

    /** The subject's newest record: empty when there is none, empty inside when it is a tombstone. */
    private Optional<Optional<GenericRecord>> latest(String subject) {
        Map<String, ConsumerRecord<String, byte[]>> last = new HashMap<>();
        TopicReader.readAll(kafka, Topics.records(DATASET)).forEach(r -> last.put(r.key(), r));
        ConsumerRecord<String, byte[]> record = last.get(subject);
        return record == null ? Optional.empty()
                : Optional.of(Optional.ofNullable(record.value()).map(v -> codec.decode(DATASET, v)));
    }

    private ConsumerRecord<String, byte[]> lastOf(String subject) {
        Map<String, ConsumerRecord<String, byte[]>> last = new HashMap<>();
        TopicReader.readAll(kafka, Topics.records(DATASET)).forEach(r -> last.put(r.key(), r));
        return last.get(subject);
    }
}
