package io.datarun.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.connectors.cli.DeadLetters;
import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.SourceProgress;
import io.datarun.connectors.kafka.TextPosition;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.TestKafka;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.datarun.testkit.TestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A steward lists a connector's dead letters and replays them after fixing its declaration, on a
 * real broker. The department's spreadsheet wrote gender as 男/女 while the declaration knew only
 * 1/2: those rows were refused. After the code table is fixed, the replay brings them in, leaves a
 * row the department has since corrected at its source alone, and keeps a row that is still bad
 * pending with its current reason.
 */
@Tag("own-jvm") // a SASL broker outside Quarkus: see the surefire configuration in pom.xml
class DeadLetterReplayTest {
    static final String DATASET = "public-security.household-registry";
    static final String CONNECTOR = "ps-spreadsheet";

    @TempDir
    static Path root;
    static TestBroker broker;
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final RecordCodec CODEC = new RecordCodec(REGISTRY);

    @BeforeAll
    static void startBroker() {
        broker = TestKafka.start("datarun-dead-letter-replay");
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void refusedRowsComeInAfterTheFixOnceAndCorrectedOnesAreNotPutBack() throws Exception {
        KafkaSettings kafka = kafkaSettings();
        ConnectorDeclaration before = declaration("before", "{\"1\": MALE, \"2\": FEMALE}");
        ConnectorDeclaration fixed = declaration("fixed", "{\"1\": MALE, \"2\": FEMALE, \"男\": MALE, \"女\": FEMALE}");

        LocalDateTime t0 = LocalDateTime.of(2025, 5, 1, 8, 0);
        Map<String, String> ok = row(Residents.valid(t0), "1");
        Map<String, String> chinese = row(Residents.valid(t0), "男");
        Map<String, String> stillBad = row(Residents.badChecksum(t0), "男");
        Map<String, String> correctedLater = row(Residents.valid(t0), "男");
        connectorBatch(kafka, before, List.of(ok, chinese, stillBad, correctedLater));
        // the department fixes the last row at its source; the connector reads the corrected row
        Map<String, String> corrected = new LinkedHashMap<>(correctedLater);
        corrected.put("xb", "1");
        corrected.put("xm", "改正后");
        corrected.put("gxsj", "2025-05-02 09:00:00");
        connectorBatch(kafka, before, List.of(corrected));

        DeadLetterReplay replay = new DeadLetterReplay(kafka, CODEC, Clock.systemUTC(), line -> { });
        List<DeadLetter> pending = replay.list(before.dataset(), CONNECTOR, false);
        assertThat(pending).as(pending.toString()).hasSize(3);
        assertThat(pending).allSatisfy(l -> assertThat(l.violations()).isNotEmpty());
        assertThat(pending.get(0).violations()).extracting(v -> v.field()).contains("gender");
        assertThat(pending.get(0).raw()).containsEntry("xb", "男");
        assertThat(pending.get(0).sourcePosition().path("file").asText()).isEqualTo("residents.xlsx");
        JsonNode stillBadPosition = pending.get(1).sourcePosition();

        List<String> log = new ArrayList<>();
        DeadLetterReplay.Result dry = new DeadLetterReplay(kafka, CODEC, Clock.systemUTC(), log::add).replay(fixed, true);
        assertThat(dry).isEqualTo(new DeadLetterReplay.Result(3, 1, 1, 1, true));
        assertThat(replay.list(before.dataset(), CONNECTOR, true)).as("dry run writes nothing").hasSize(3);
        assertThat(log).hasSize(3).allSatisfy(line -> assertThat(line).contains("dataset=" + DATASET, "connector=" + CONNECTOR)
                .doesNotContain(chinese.get("sfzh"), stillBad.get("sfzh")));

        DeadLetterReplay.Result done = replay.replay(fixed, false);
        assertThat(done).isEqualTo(new DeadLetterReplay.Result(3, 1, 1, 1, false));

        Map<String, GenericRecord> latest = latestRecords();
        assertThat(latest).containsKeys(ok.get("sfzh"), chinese.get("sfzh"), correctedLater.get("sfzh"));
        assertThat(latest.get(chinese.get("sfzh")).get("gender").toString()).isEqualTo("MALE");
        assertThat(latest.get(correctedLater.get("sfzh")).get("name").toString()).as("the correction stays").isEqualTo("改正后");
        assertThat(latest).doesNotContainKey(stillBad.get("sfzh"));

        List<DeadLetter> after = replay.list(before.dataset(), CONNECTOR, false);
        assertThat(after).as("only the still-bad row is pending, once").hasSize(1);
        assertThat(after.get(0).raw()).containsEntry("sfzh", stillBad.get("sfzh"));
        assertThat(after.get(0).replayOf()).isPresent();
        assertThat(after.get(0).connector()).isEqualTo(DeadLetterReplay.replaySource(CONNECTOR));
        assertThat(after.get(0).originalPosition()).isEqualTo(stillBadPosition);
        assertThat(after.get(0).violations()).extracting(v -> v.code()).containsExactly("resident-id.checksum");
        assertThat(replay.list(before.dataset(), CONNECTOR, true)).as("history is kept").hasSize(4);

        JsonNode counts = lastOffsets(DeadLetterReplay.replaySource(CONNECTOR));
        assertThat(counts.path("rowsSeen").asLong()).isEqualTo(2);
        assertThat(counts.path("accepted").asLong()).isEqualTo(1);
        assertThat(counts.path("deadLettered").asLong()).isEqualTo(1);
        assertThat(counts.path("dataset").asText()).isEqualTo(DATASET);

        // a second replay finds only the pending refusal; nothing accepted twice
        assertThat(replay.replay(fixed, false)).isEqualTo(new DeadLetterReplay.Result(1, 0, 1, 0, false));
        assertThat(countByKey(Topics.records(DATASET)).get(chinese.get("sfzh"))).isEqualTo(1);
    }

    @Test
    void theCommandLineListsWithoutPersonalDataUnlessAskedAndReportsTheReplay() throws Exception {
        KafkaSettings kafka = kafkaSettings();
        String connector = "ps-cli";
        ConnectorDeclaration before = declaration("cli-before", "{\"1\": MALE, \"2\": FEMALE}", connector);
        Map<String, String> chinese = row(Residents.valid(LocalDateTime.of(2025, 6, 1, 8, 0)), "男");
        connectorBatch(kafka, before, List.of(chinese), connector);

        // the steward's tools log in as the runtime does, from a client properties file
        Path clientFile = broker.broker().credentials().orElseThrow().writeClientProperties(KafkaAccessPlan.CONNECTORS,
                broker.bootstrapServers());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DeadLetters cli = new DeadLetters(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(cli.run("dead-letters", DATASET, "--connector", connector, "--kafka-config", clientFile.toString())).as(err.toString()).isZero();
        String listed = out.toString(StandardCharsets.UTF_8);
        assertThat(listed).contains("connector=" + connector, "gender:", "1 dead letters of connector " + connector + " not yet replayed")
                .doesNotContain(chinese.get("sfzh"), chinese.get("xm"));
        out.reset();
        assertThat(cli.run("dead-letters", DATASET, "--connector", connector, "--raw", "--kafka-config", clientFile.toString())).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(chinese.get("sfzh"));

        Path fixedFile = root.resolve("cli-fixed.yaml");
        Files.writeString(fixedFile, yaml("{\"1\": MALE, \"2\": FEMALE, \"男\": MALE}", connector));
        out.reset();
        assertThat(cli.run("replay", fixedFile.toString(), "--kafka-config", clientFile.toString())).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 pending dead letters of connector ps-cli: 1 accepted, 0 refused again, 0 superseded");

        assertThat(cli.run("replay", fixedFile.toString(), "--connector", "x")).isEqualTo(2);
        assertThat(cli.run("dead-letters", "no.such-dataset", "--kafka-config", clientFile.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown dataset 'no.such-dataset'");
    }

    private static KafkaSettings kafkaSettings() {
        return new KafkaSettings(broker.clientSettings(KafkaAccessPlan.CONNECTORS), new TopicProvisioner(1, Optional.empty(), false),
                Duration.ofSeconds(30));
    }

    /** What the file connector does with one batch: assemble with the declaration, publish in one transaction. */
    private static void connectorBatch(KafkaSettings kafka, ConnectorDeclaration declaration, List<Map<String, String>> rows) {
        connectorBatch(kafka, declaration, rows, CONNECTOR);
    }

    private static int rowNumber = 1;

    private static void connectorBatch(KafkaSettings kafka, ConnectorDeclaration declaration, List<Map<String, String>> rows,
            String connector) {
        RecordAssembler assembler = new RecordAssembler();
        ColumnMapper mapper = new ColumnMapper(declaration.mapping());
        try (TransactionalPublisher publisher = TransactionalPublisher.open(kafka, connector, DATASET, CODEC, Clock.systemUTC())) {
            SourceProgress progress = publisher.committedSource();
            List<Outcome> outcomes = new ArrayList<>();
            long accepted = 0;
            for (Map<String, String> row : rows) {
                TextPosition position = new TextPosition("{\"file\":\"residents.xlsx\",\"row\":" + (++rowNumber) + "}");
                RecordAssembler.Assembly assembly = assembler.assemble(declaration.dataset(), mapper.fields(new LinkedHashMap<>(row)));
                if (assembly.isAccepted()) {
                    accepted++;
                    outcomes.add(new Outcome.Accepted(position, row.get("sfzh"), assembly.record()));
                } else {
                    outcomes.add(new Outcome.Rejected(position, ColumnMapper.text(new LinkedHashMap<>(row)), assembly.violations()));
                }
            }
            publisher.publish(outcomes, progress.plus(Optional.of("p" + rowNumber), accepted, rows.size() - accepted));
        }
    }

    private static Map<String, String> row(Residents.Row resident, String gender) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("sfzh", resident.sfzh());
        row.put("xm", "张三");
        row.put("xb", gender);
        row.put("csrq", resident.sfzh().substring(6, 10) + "-" + resident.sfzh().substring(10, 12) + "-" + resident.sfzh().substring(12, 14));
        row.put("hh", "110105000001");
        row.put("hjdz", "北京市朝阳区某街道1号");
        row.put("xzqh", "110105");
        row.put("gxsj", "2025-05-01 08:00:00");
        return row;
    }

    private static ConnectorDeclaration declaration(String name, String genderCodes) throws Exception {
        return declaration(name, genderCodes, CONNECTOR);
    }

    private static ConnectorDeclaration declaration(String name, String genderCodes, String connector) throws Exception {
        Path file = root.resolve(name + ".yaml");
        Files.writeString(file, yaml(genderCodes, connector));
        return new DeclarationReader(REGISTRY, Placeholders.fromProcess(),
                new DeclarationReader.Defaults(500, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai"))).read(file);
    }

    private static String yaml(String genderCodes, String connector) throws Exception {
        Path drop = Files.createDirectories(root.resolve("drop"));
        return """
                name: %s
                dataset: %s
                source: {kind: file, dir: %s}
                mapping:
                  residentId: sfzh
                  name: xm
                  gender: {column: xb, codes: %s}
                  birthDate: csrq
                  householdNumber: hh
                  registeredAddress: hjdz
                  divisionCode: xzqh
                  updatedAt: gxsj
                """.formatted(connector, DATASET, drop, genderCodes);
    }

    private static Map<String, GenericRecord> latestRecords() {
        Map<String, GenericRecord> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(broker.clientSettings(KafkaAccessPlan.CONNECTORS), Topics.records(DATASET))) {
            latest.put(record.key(), CODEC.decode(DATASET, record.value()));
        }
        return latest;
    }

    private static Map<String, Long> countByKey(String topic) {
        return TopicReader.readAll(broker.clientSettings(KafkaAccessPlan.CONNECTORS), topic).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private static JsonNode lastOffsets(String source) {
        JsonNode last = null;
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(broker.clientSettings(KafkaAccessPlan.CONNECTORS), Topics.CONNECTOR_OFFSETS)) {
            if (source.equals(record.key())) {
                last = Messages.read(record.value());
            }
        }
        return last;
    }
}
