package io.datarun.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.support.FileDropTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.Spreadsheet;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The file-drop connector against a real folder and a real Kafka broker: CSV in UTF-8 and GBK and
 * XLSX files become records, bad rows dead letters and a report, read files move to done/, an
 * identical file dropped again is not read again, a half-written file waits.
 */
@QuarkusTest
@WithTestResource(FileDropTestResource.class)
class FileDropConnectorTest {
    private static final String DATASET = "public-security.household-registry";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalDateTime clock = LocalDateTime.of(2025, 4, 1, 9, 0, 0);

    @Inject
    RecordCodec codec;
    @Inject
    ConnectorRuntime runtime;
    @ConfigProperty(name = "datarun-test.drop-dir", defaultValue = "unset")
    Path drop;
    @Inject
    KafkaClientSettings kafka;

    private static synchronized LocalDateTime later() {
        clock = clock.plusHours(1);
        return clock;
    }

    @Test
    void whenUtf8CsvWithBadRowIsDroppedThenRecordsDeadLetterReportAndMoveToDone() throws IOException {
        LocalDateTime ts = later();
        List<Residents.Row> good = List.of(Residents.valid(ts), Residents.valid(ts), Residents.valid(ts));
        Residents.Row bad = Residents.badChecksum(ts);
        List<Residents.Row> rows = List.of(good.get(0), good.get(1), bad, good.get(2));
        Files.write(drop.resolve("utf8-households.csv"), Spreadsheet.csv(rows, StandardCharsets.UTF_8));

        Path report = drop.resolve("done").resolve("utf8-households.csv.rejections.csv");
        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done").resolve("utf8-households.csv")));
        assertThat(drop.resolve("utf8-households.csv")).doesNotExist();
        assertThat(recordsOf(good)).hasSize(3).allSatisfy(r -> assertThat(r.get("name").toString()).startsWith("张三"));

        List<JsonNode> letters = deadLettersOf(bad);
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.path("sourcePosition").path("file").asText()).isEqualTo("utf8-households.csv");
        assertThat(letter.path("sourcePosition").path("row").asInt()).isEqualTo(4); // header is row 1
        assertThat(letter.path("raw").path("身份证号").asText()).isEqualTo(bad.sfzh());
        assertThat(letter.path("violations").get(0).path("field").asText()).isEqualTo("residentId");

        assertThat(report).exists();
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith("row,field,code,message");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("4,residentId,");
    }

    @Test
    void whenGbkCsvIsDroppedWithoutDeclaredEncodingThenChineseTextArrivesIntact() throws IOException {
        List<Residents.Row> rows = List.of(Residents.valid(later()), Residents.valid(later()), Residents.valid(later()));
        byte[] gbk = Spreadsheet.csv(rows, CsvFiles.GBK);
        assertThat(CsvFiles.detect(gbk, java.util.Optional.empty())).isEqualTo(CsvFiles.GBK);
        Files.write(drop.resolve("gbk-households.csv"), gbk);

        await().atMost(WAIT).until(() -> recordsOf(rows).size() == 3);
        assertThat(recordsOf(rows)).allSatisfy(r -> {
            assertThat(r.get("ethnicity")).hasToString("汉族");
            assertThat(r.get("registeredAddress").toString()).startsWith("北京市朝阳区某街道");
        });
        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done").resolve("gbk-households.csv")));
        assertThat(drop.resolve("done").resolve("gbk-households.csv.rejections.csv")).doesNotExist();
    }

    @Test
    void whenXlsxIsDroppedThenRowsArriveWithDateCellsAsDates() throws IOException {
        List<Residents.Row> rows = List.of(Residents.valid(later()), Residents.valid(later()));
        Files.write(drop.resolve("households.xlsx"), Spreadsheet.xlsx(rows));

        await().atMost(WAIT).until(() -> recordsOf(rows).size() == 2);
        for (Residents.Row row : rows) {
            GenericRecord record = recordsOf(List.of(row)).get(0);
            assertThat(record.get("birthDate")).isEqualTo(ResidentIdNumber.parseBirthDate(row.sfzh()).orElseThrow());
        }
        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done").resolve("households.xlsx")));
    }

    @Test
    void whenIdenticalFileIsDroppedAgainThenItIsNotReadTwice() throws IOException {
        List<Residents.Row> rows = List.of(Residents.valid(later()), Residents.valid(later()), Residents.valid(later()));
        byte[] bytes = Spreadsheet.csv(rows, StandardCharsets.UTF_8);
        Files.write(drop.resolve("first-drop.csv"), bytes);
        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done").resolve("first-drop.csv")));
        assertThat(recordsOf(rows)).hasSize(3);

        Files.write(drop.resolve("dropped-again.csv"), bytes);
        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done").resolve("dropped-again.csv")));
        assertThat(recordsOf(rows)).hasSize(3);
    }

    @Test
    void whenFileIsHalfWrittenThenItIsNotReadUntilComplete() throws IOException {
        List<Residents.Row> rows = List.of(Residents.valid(later()), Residents.valid(later()), Residents.valid(later()));
        String full = new String(Spreadsheet.csv(rows, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        int half = full.indexOf("\r\n", full.indexOf("\r\n") + 2) + 2; // the header and one row
        Path file = drop.resolve("being-written.csv");
        Files.writeString(file, full.substring(0, half), StandardCharsets.UTF_8);

        // shorter than the declared settle time (4s): the connector must leave the file alone meanwhile
        long rowsBefore = runtime.polledConnector(FileDropTestResource.FILE_CONNECTOR).committed().rowsSeen();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(file)
                && runtime.polledConnector(FileDropTestResource.FILE_CONNECTOR).committed().rowsSeen() == rowsBefore);
        assertThat(recordsOf(rows)).isEmpty();
        Files.writeString(file, full.substring(half), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done").resolve("being-written.csv")));
        assertThat(recordsOf(rows)).hasSize(3);
    }

    private List<GenericRecord> recordsOf(List<Residents.Row> rows) {
        Set<String> ids = rows.stream().map(Residents.Row::sfzh).collect(Collectors.toSet());
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream()
                .filter(r -> ids.contains(r.key()))
                .map(ConsumerRecord::value).map(v -> codec.decode(DATASET, v)).toList();
    }

    private List<JsonNode> deadLettersOf(Residents.Row row) {
        return TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).stream()
                .map(r -> Messages.read(r.value()))
                .filter(n -> row.sfzh().equals(n.path("raw").path("身份证号").asText())).toList();
    }
}
