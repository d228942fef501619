package io.datarun.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.demo.DemoDatabase;
import io.datarun.demo.DemoResident;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.wire.Topics;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path with the packaged applications: PostgreSQL table → connectors (JDBC, validation,
 * Kafka transactions) → Kafka → gateway (Kafka Streams stores, JWT, grants) → HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DepartmentDataServedIT {
    /** 800 rows: one of each deliberate defect (every 200th row is bad). */
    @RegisterExtension
    static final E2eStack STACK = new E2eStack(800, 50, true);

    static final String RECORDS = "/api/v1/datasets/" + E2eStack.DATASET + "/records/";
    static final String PURPOSE = "minimum-living-allowance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ValidatableResponse read(String token, String subjectId) {
        return given().spec(STACK.api()).auth().oauth2(token).queryParam("purpose", PURPOSE)
                .when().get(RECORDS + subjectId).then();
    }

    @Test
    @Order(1)
    void whenSeededResidentIsValidThenGrantedClerkReadsItWithoutWithheldFields() {
        DemoResident resident = STACK.residents().stream().filter(r -> !r.isBad()).findFirst().orElseThrow();
        String clerk = STACK.token("civil-affairs", "clerk");

        await("seeded resident served").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> read(clerk, resident.residentId()).statusCode(200));

        read(clerk, resident.residentId())
                .statusCode(200)
                .body("dataset", equalTo(E2eStack.DATASET))
                .body("fields.residentId", equalTo(resident.residentId()))
                .body("fields.name", equalTo(resident.name()))
                .body("fields.gender", equalTo(resident.gender().name()))
                .body("fields.birthDate", equalTo(resident.birthDate().toString()))
                .body("fields.householdNumber", equalTo(resident.householdNumber()))
                .body("fields", not(hasKey("ethnicity")))
                .body("withheld", hasItem("ethnicity"));
    }

    @Test
    @Order(2)
    void whenRowInsertedInDepartmentDbThenServedByApiWithinSeconds() throws Exception {
        DemoResident fresh = freshResident(STACK.residents());
        STACK.database().insert(List.of(fresh), r -> LocalDateTime.now(DemoDatabase.SOURCE_ZONE));
        String clerk = STACK.token("civil-affairs", "clerk");

        await("inserted row served").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> read(clerk, fresh.residentId()).statusCode(200)
                        .body("fields.name", equalTo(fresh.name()))
                        .body("fields.registeredAddress", equalTo(fresh.address())));
    }

    @Test
    @Order(3)
    void whenSeededRowsAreBadThenEachIsDeadLetteredOnceWithItsViolationAndCountsAddUp() throws Exception {
        ConnectorProgress progress = STACK.awaitConnectorCaughtUp(Duration.ofSeconds(60));
        long rows = STACK.database().count();
        assertThat(progress.rowsSeen()).as("rowsSeen").isEqualTo(rows);
        assertThat(progress.accepted() + progress.deadLettered()).as("accepted + deadLettered").isEqualTo(rows);

        List<DemoResident> bad = STACK.residents().stream().filter(DemoResident::isBad).toList();
        assertThat(bad).extracting(r -> r.defect().orElseThrow()).as("the seed covers every defect")
                .containsExactlyInAnyOrder(DemoResident.Defect.values());
        assertThat(progress.deadLettered()).as("deadLettered").isEqualTo(bad.size());

        List<ConsumerRecord<String, byte[]>> deadLetters = STACK.topics().readAll(Topics.deadLetters(E2eStack.DATASET));
        Map<String, List<JsonNode>> byRow = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : deadLetters) {
            byRow.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(JSON.readTree(record.value()));
        }
        assertThat(byRow.keySet()).as("dead-lettered row ids")
                .containsExactlyInAnyOrderElementsOf(bad.stream().map(r -> String.valueOf(r.id())).toList());
        for (DemoResident resident : bad) {
            DemoResident.Defect defect = resident.defect().orElseThrow();
            List<JsonNode> letters = byRow.get(String.valueOf(resident.id()));
            assertThat(letters).as("dead letters of row %d", resident.id()).hasSize(1);
            JsonNode letter = letters.get(0);
            assertThat(letter.path("connector").asText()).isEqualTo(E2eStack.CONNECTOR);
            assertThat(letter.path("raw").path("sfzh").asText()).isEqualTo(resident.residentId());
            assertThat(violations(letter)).as("violations of row %d (%s)", resident.id(), defect)
                    .contains(defect.field() + ":" + defect.code());
        }
    }

    @Test
    @Order(4)
    void whenNoTokenThenUnauthorizedAsProblem() {
        String subject = STACK.residents().get(0).residentId();
        given().spec(STACK.api()).queryParam("purpose", PURPOSE)
                .when().get(RECORDS + subject)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("unauthorized"));
    }

    @Test
    @Order(5)
    void whenDepartmentHoldsNoGrantThenForbiddenAsProblem() {
        String subject = STACK.residents().get(0).residentId();
        read(STACK.token("market-regulation", "clerk"), subject)
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("no-grant"))
                .body("$", not(hasKey("fields")));
    }

    @Test
    @Order(6)
    void catalogRecordCountEqualsRowsTheConnectorAccepted() throws Exception {
        long accepted = STACK.awaitConnectorCaughtUp(Duration.ofSeconds(60)).accepted();
        String token = STACK.token("market-regulation", "clerk");
        await("catalog recordCount = " + accepted).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().spec(STACK.api()).auth().oauth2(token)
                        .when().get("/api/v1/datasets")
                        .then().statusCode(200)
                        .body("find { it.id == '" + E2eStack.DATASET + "' }.recordCount", equalTo((int) accepted)));
    }

    private static List<String> violations(JsonNode letter) {
        List<String> codes = new ArrayList<>();
        letter.path("violations").forEach(v -> codes.add(v.path("field").asText() + ":" + v.path("code").asText()));
        return codes;
    }

    /** A valid resident whose ID number and row id are not in the table yet; row id after the last. */
    static DemoResident freshResident(List<DemoResident> existing) {
        Set<String> taken = existing.stream().map(DemoResident::residentId).collect(Collectors.toSet());
        long id = existing.stream().mapToLong(DemoResident::id).max().orElse(0) + 1_000_000;
        LocalDate birth = LocalDate.of(1958, 3, 17);
        for (int sequence = 1; sequence < 1000; sequence += 2) { // odd: male
            String first17 = "110105" + birth.toString().replace("-", "") + "%03d".formatted(sequence);
            String residentId = first17 + ResidentIdNumber.checkCharacter(first17);
            if (!taken.contains(residentId)) {
                return new DemoResident(id, residentId, "赵新民", DemoResident.Gender.MALE, birth, "汉族",
                        "110105999001", "北京市朝阳区建国路1号1单元101", "110105", 0, Optional.empty());
            }
        }
        throw new IllegalStateException("no free resident ID number");
    }
}
