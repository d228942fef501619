package io.datarun.connectors.steward;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.runtime.ConnectorState;
import io.datarun.connectors.support.FollowedFolderTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.Spreadsheet;
import io.datarun.connectors.support.StewardApiTestResource;
import io.datarun.connectors.support.Tokens;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Declarations through the runtime's API against a real broker: who may send one, a confined one
 * accepted and then running (its rows arrive), a breaching one refused naming each breach, its
 * secrets sealed in the topic and the runtime's environment never consulted, DELETE stopping the
 * connector, the folder's names kept from the API, and a second follower of the topic (what
 * another runtime, or this one restarted, reads) finding the declaration.
 */
@QuarkusTest
@WithTestResource(StewardApiTestResource.class)
class StewardDeclarationApiTest {
    private static final String DATASET = "public-security.household-registry";
    /** RestAssured would send ISO-8859-1 for a type it does not know; the mapping's headers are Chinese. */
    private static final String YAML = "application/yaml; charset=UTF-8";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalDateTime clock = LocalDateTime.of(2025, 7, 1, 9, 0, 0);

    @Inject
    ConnectorRuntime runtime;
    @Inject
    RecordCodec codec;
    @Inject
    KafkaClientSettings kafka;
    @ConfigProperty(name = "datarun-test.drop-root", defaultValue = "unset")
    Path dropRoot;
    @ConfigProperty(name = "datarun-test.outside-drop", defaultValue = "unset")
    Path outside;

    @Test
    void onlyAStewardOfTheOwnerDepartmentOrAnAdminMayDeclare() throws IOException {
        String name = "ps-api-authz";
        String yaml = declaration(name, drop(name));
        given().contentType(YAML).body(bytes(yaml)).put("/declarations/" + name).then().statusCode(401);
        as("public-security", "clerk").contentType(YAML).body(bytes(yaml)).put("/declarations/" + name)
                .then().statusCode(403);
        as("civil-affairs", "steward").contentType(YAML).body(bytes(yaml)).put("/declarations/" + name)
                .then().statusCode(403).body("code", equalTo("not-owner-steward"));
        as("public-security", "steward").contentType(YAML).body(bytes(yaml)).put("/declarations/" + name)
                .then().statusCode(201).body("department", equalTo("public-security"))
                .body("user", equalTo("user-public-security"));
        as("ops", "admin").contentType(YAML).body(bytes(yaml)).put("/declarations/" + name)
                .then().statusCode(200);

        as("civil-affairs", "steward").get("/declarations/" + name).then().statusCode(404);
        as("public-security", "steward").get("/declarations/" + name).then().statusCode(200)
                .body("declaration", equalTo(yaml));
        as("civil-affairs", "steward").delete("/declarations/" + name).then().statusCode(404);
        given().delete("/declarations/" + name).then().statusCode(401);
        as("ops", "admin").delete("/declarations/" + name).then().statusCode(204);
    }

    @Test
    void whenAConfinedDeclarationIsAcceptedThenItRunsAndItsRowsArriveAndDeleteStopsIt() throws IOException {
        String name = "ps-api-feed";
        Path drop = drop(name);
        steward().contentType(YAML).body(bytes(declaration(name, drop))).put("/declarations/" + name)
                .then().statusCode(201);

        await().atMost(WAIT).until(() -> runtime.all().stream()
                .anyMatch(c -> c.name().equals(name) && c.state() == ConnectorState.RUNNING));
        List<Residents.Row> rows = List.of(Residents.valid(later()), Residents.valid(later()));
        Files.write(drop.resolve("api.csv"), Spreadsheet.csv(rows, StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> recordsOf(rows) == 2);
        steward().get("/connectors/" + name).then().statusCode(200).body("state", equalTo("RUNNING"));

        steward().delete("/declarations/" + name).then().statusCode(204);
        await().atMost(WAIT).until(() -> runtime.all().stream().noneMatch(c -> c.name().equals(name)));
        steward().get("/connectors/" + name).then().statusCode(404);
        steward().get("/declarations/" + name).then().statusCode(404);
    }

    @Test
    void whenADeclarationBreaksItsConfinementThenEveryBreachIsNamedWith422() {
        String name = "ps-api-breaching";
        String yaml = """
                name: %s
                dataset: public-security.household-registry
                source:
                  kind: camel
                  route:
                    - route:
                        from:
                          uri: "timer:tick"
                          steps:
                            - to: "exec:/bin/sh"
                            - to: "datarun:door"
                """.formatted(name) + Spreadsheet.MAPPING;
        steward().contentType(YAML).body(bytes(yaml)).put("/declarations/" + name).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("declaration-not-confined"))
                .body("errors.field", containsInAnyOrder("source.route[0].route.from.uri",
                        "source.route[0].route.from.steps[0].to"))
                .body("errors.message", hasItem(containsString("'exec' is never allowed")))
                .body("errors.message", hasItem(containsString("'timer' is not in public-security's allow-list")));

        String outsideDrop = FollowedFolderTestResource.declaration(name, outside, Spreadsheet.MAPPING);
        steward().contentType(YAML).body(bytes(outsideDrop)).put("/declarations/" + name).then()
                .statusCode(422).body("errors[0].field", equalTo("source.dir"));
        assertThat(runtime.all()).noneMatch(c -> c.name().equals(name));
    }

    @Test
    void placeholdersComeFromTheConnectorsSecretsSealedInTheTopicNeverFromTheEnvironment() throws IOException {
        String name = "ps-api-secrets";
        Path drop = drop(name);
        String yaml = declaration(name, drop).replace("settle: 500ms", "settle: ${SETTLE}");
        steward().contentType("application/json; charset=UTF-8").body(Map.of("declaration", yaml.replace("${SETTLE}", "${HOME}")))
                .put("/declarations/" + name).then().statusCode(400)
                .body("errors[0].field", equalTo("source.settle"))
                .body("errors[0].message", containsString("a secret sent with the declaration 'HOME'"));

        steward().contentType("application/json; charset=UTF-8").body(Map.of("declaration", yaml, "secrets", Map.of("SETTLE", "1234ms")))
                .put("/declarations/" + name).then().statusCode(201).body("secrets", containsInAnyOrder("SETTLE"));
        await().atMost(WAIT).until(() -> runtime.all().stream().anyMatch(c -> c.name().equals(name)));
        assertThat(((io.datarun.connectors.declaration.FileSource) runtime.any(name).declaration().source()).settle())
                .isEqualTo(Duration.ofMillis(1234));
        List<ConsumerRecord<String, byte[]>> stored = TopicReader.readAll(kafka, Topics.DECLARATIONS).stream()
                .filter(r -> name.equals(r.key()) && r.value() != null).toList();
        assertThat(stored).isNotEmpty()
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("1234ms"));

        // what a second runtime (or this one restarted) reads from the topic: the declaration, its secrets opening
        Map<String, Optional<ApiDeclaration>> seen = new ConcurrentHashMap<>();
        try (DeclarationTopic second = new DeclarationTopic(kafka, new TopicProvisioner(1, Optional.empty(), false),
                Duration.ofSeconds(30))) {
            second.follow(seen::putAll);
            await().atMost(WAIT).until(() -> seen.containsKey(name) && seen.get(name).isPresent());
        }
        ApiDeclaration read = seen.get(name).orElseThrow();
        assertThat(read.declaration()).isEqualTo(yaml);
        assertThat(read.department()).isEqualTo("public-security");
        steward().delete("/declarations/" + name).then().statusCode(204);
    }

    @Test
    void aNameTheFolderDeclaresIsTheOperatorsAndTheApiAnswers409() throws IOException {
        String name = StewardApiTestResource.FOLDER_CONNECTOR;
        steward().contentType(YAML).body(bytes(declaration(name, drop(name)))).put("/declarations/" + name)
                .then().statusCode(409).body("code", equalTo("declared-in-folder"));
        steward().delete("/declarations/" + name).then().statusCode(409);
    }

    @Test
    void whenTheDeclarationCannotBeReadThen400NamesTheKey() {
        String name = "ps-api-unreadable";
        steward().contentType(YAML).body(bytes("name: " + name + "\ndataset: public-security.household-registry\n"
                + "source:\n  kind: file\n  dirr: /tmp\n" + Spreadsheet.MAPPING)).put("/declarations/" + name).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("source.dirr"))
                .body("errors[0].message", containsString("unknown key"));
    }

    /** As sent: RestAssured has no encoder for a YAML string. */
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String declaration(String name, Path drop) {
        return FollowedFolderTestResource.declaration(name, drop, Spreadsheet.MAPPING);
    }

    private Path drop(String name) throws IOException {
        return Files.createDirectories(dropRoot.resolve(name));
    }

    private static RequestSpecification steward() {
        return as("public-security", "steward");
    }

    private static RequestSpecification as(String dept, String... groups) {
        return given().header("Authorization", "Bearer " + Tokens.token(dept, groups));
    }

    private static synchronized LocalDateTime later() {
        clock = clock.plusHours(1);
        return clock;
    }

    private long recordsOf(List<Residents.Row> rows) {
        Set<String> ids = rows.stream().map(Residents.Row::sfzh).collect(Collectors.toSet());
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream().filter(r -> ids.contains(r.key()))
                .map(ConsumerRecord::value).map(v -> codec.decode(DATASET, v)).count();
    }
}
