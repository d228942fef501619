package io.datarun.connectors.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.datarun.connectors.support.FollowedFolderTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.Spreadsheet;
import io.datarun.connectors.support.Tokens;
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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The declarations folder followed while the runtime runs, against a real broker: a file added
 * starts its connector, a changed mapping applies to the records after the change, a removed file
 * stops its connector (status and metrics forget it), a broken file is refused while the earlier
 * version keeps running, and the connector nobody touched is never restarted.
 */
@QuarkusTest
@WithTestResource(FollowedFolderTestResource.class)
class FollowedDeclarationsTest {
    private static final String DATASET = "public-security.household-registry";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalDateTime clock = LocalDateTime.of(2025, 6, 1, 9, 0, 0);

    @Inject
    ConnectorRuntime runtime;
    @Inject
    RecordCodec codec;
    @Inject
    KafkaClientSettings kafka;
    @ConfigProperty(name = "datarun.connectors.dir")
    Path declarations;
    @ConfigProperty(name = "datarun-test.drops-dir", defaultValue = "unset")
    Path drops;

    private RunningConnector stays;
    private int staysStarts;

    @BeforeEach
    void untouchedConnectorRuns() {
        stays = awaitRunning(FollowedFolderTestResource.STAYS);
        staysStarts = stays.starts();
    }

    @AfterEach
    void untouchedConnectorWasNeverRestarted() {
        assertThat(runtime.any(FollowedFolderTestResource.STAYS)).isSameAs(stays);
        assertThat(stays.starts()).isEqualTo(staysStarts);
        assertThat(stays.state()).isEqualTo(ConnectorState.RUNNING);
    }

    @Test
    void whenADeclarationIsAddedThenItsConnectorStartsAndItsRowsArrive() throws IOException {
        String name = "ps-followed-added";
        Path drop = drop(name);
        declare(name, FollowedFolderTestResource.declaration(name, drop, Spreadsheet.MAPPING));

        awaitRunning(name);
        List<Residents.Row> rows = List.of(Residents.valid(later()), Residents.valid(later()));
        Files.write(drop.resolve("added.csv"), Spreadsheet.csv(rows, StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> recordsOf(rows).size() == 2);

        operator().get("/connectors/" + name).then().statusCode(200)
                .body("state", equalTo("RUNNING"))
                .body("owner", equalTo(runtime.runtimeId()));
    }

    @Test
    void whenAMappingChangesThenTheRecordsAfterTheChangeUseItAndTheConnectorResumesFromItsPosition() throws IOException {
        String name = "ps-followed-changed";
        Path drop = drop(name);
        declare(name, FollowedFolderTestResource.declaration(name, drop,
                Spreadsheet.MAPPING.replace("ethnicity: 民族", "ethnicity: {constant: 回族}")));
        RunningConnector before = awaitRunning(name);
        List<Residents.Row> first = List.of(Residents.valid(later()), Residents.valid(later()));
        Files.write(drop.resolve("before.csv"), Spreadsheet.csv(first, StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> recordsOf(first).size() == 2);
        assertThat(recordsOf(first)).allSatisfy(r -> assertThat(r.get("ethnicity")).hasToString("回族"));

        declare(name, FollowedFolderTestResource.declaration(name, drop, Spreadsheet.MAPPING));
        await().atMost(WAIT).until(() -> runtime.any(name) != before && runtime.any(name).state() == ConnectorState.RUNNING);
        // restarted from its committed position: the counts go on from the first file's rows
        assertThat(runtime.polledConnector(name).committed().rowsSeen()).isEqualTo(2);

        List<Residents.Row> second = List.of(Residents.valid(later()), Residents.valid(later()));
        Files.write(drop.resolve("after.csv"), Spreadsheet.csv(second, StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> recordsOf(second).size() == 2);
        assertThat(recordsOf(second)).allSatisfy(r -> assertThat(r.get("ethnicity")).hasToString("汉族"));
        assertThat(recordsOf(first)).hasSize(2); // the first file was not read again
    }

    @Test
    void whenADeclarationIsRemovedThenItsConnectorStopsAndStatusAndMetricsForgetIt() throws IOException {
        String name = "ps-followed-removed";
        Path drop = drop(name);
        declare(name, FollowedFolderTestResource.declaration(name, drop, Spreadsheet.MAPPING));
        awaitRunning(name);
        String tags = "connector=\"" + name + "\"";
        given().get("/q/metrics").then().body(containsString(tags));

        Files.delete(declarations.resolve(name + ".yaml"));
        await().atMost(WAIT).until(() -> runtime.all().stream().noneMatch(c -> c.name().equals(name)));

        operator().get("/connectors/" + name).then().statusCode(404);
        given().get("/q/metrics").then().body(not(containsString(tags)));
        Path file = drop.resolve("unread.csv");
        Files.write(file, Spreadsheet.csv(List.of(Residents.valid(later())), StandardCharsets.UTF_8));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(file));
    }

    @Test
    void whenADeclarationBreaksThenItIsRefusedWithTheKeyAndTheEarlierVersionKeepsRunningUntilItIsFixed()
            throws IOException {
        String name = "ps-followed-broken";
        Path drop = drop(name);
        String valid = FollowedFolderTestResource.declaration(name, drop, Spreadsheet.MAPPING);
        declare(name, valid);
        RunningConnector running = awaitRunning(name);

        declare(name, valid.replace("  settle: 500ms\n", "  settle: 500ms\n  sheeet: Sheet1\n"));
        Path file = declarations.resolve(name + ".yaml");
        await().atMost(WAIT).until(() -> runtime.refusedDeclarations().containsKey(file));
        assertThat(runtime.refusedDeclarations().get(file)).contains("source.sheeet").contains("unknown key");
        assertThat(runtime.any(name)).isSameAs(running);
        List<Residents.Row> rows = List.of(Residents.valid(later()));
        Files.write(drop.resolve("while-broken.csv"), Spreadsheet.csv(rows, StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> recordsOf(rows).size() == 1);
        assertThat(running.starts()).isEqualTo(1);

        declare(name, valid.replace("batchSize: 10", "batchSize: 20"));
        await().atMost(WAIT).until(() -> runtime.any(name) != running && !runtime.refusedDeclarations().containsKey(file));
        assertThat(runtime.any(name).declaration().source().batchSize()).isEqualTo(20);
    }

    private RunningConnector awaitRunning(String name) {
        await().atMost(WAIT).until(() -> runtime.all().stream()
                .anyMatch(c -> c.name().equals(name) && c.state() == ConnectorState.RUNNING));
        return runtime.any(name);
    }

    /** Written beside and moved in, as an operator's tooling (or a ConfigMap) does: never seen half-written. */
    private void declare(String name, String text) throws IOException {
        Path temporary = declarations.resolve(name + ".yaml.tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, declarations.resolve(name + ".yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Path drop(String name) throws IOException {
        return Files.createDirectories(drops.resolve(name));
    }

    private static synchronized LocalDateTime later() {
        clock = clock.plusHours(1);
        return clock;
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + Tokens.token("ops", "admin"));
    }

    private List<GenericRecord> recordsOf(List<Residents.Row> rows) {
        Set<String> ids = rows.stream().map(Residents.Row::sfzh).collect(Collectors.toSet());
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream()
                .filter(r -> ids.contains(r.key()))
                .map(ConsumerRecord::value).map(v -> codec.decode(DATASET, v)).toList();
    }
}
