package io.datarun.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PushApiTest {
    static final String PUSH = "/api/v1/datasets/" + TestData.DATASET + "/records";

    static Map<String, Object> resident(String sequence) {
        String id = TestData.residentId("330106", "19620304", sequence);
        return TestData.resident(id, "王芳", Integer.parseInt(sequence) % 2 == 1 ? "MALE" : "FEMALE", "杭州市西湖区文三路1号");
    }

    static Map<String, Object> withBadChecksum(Map<String, Object> resident) {
        String id = resident.get("residentId").toString();
        resident.put("residentId", id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0'));
        return resident;
    }

    @Test
    void whenBatchIsPartlyValidThenValidOnesAreServedAndTheRestDeadLetteredWithReasons() {
        Map<String, Object> good1 = resident("101");
        Map<String, Object> good2 = resident("102");
        Map<String, Object> bad = withBadChecksum(resident("103"));
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(List.of(good1, bad, good2))
                .when().post(PUSH)
                .then().statusCode(207)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("items[0].status", equalTo("accepted"))
                .body("items[0].id", startsWith(Topics.records(TestData.DATASET)))
                .body("items[1].status", equalTo("rejected"))
                .body("items[1].errors[0].field", equalTo("residentId"))
                .body("items[1].errors[0].code", equalTo("resident-id.checksum"));

        String reader = Tokens.token("civil-affairs", "clerk");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(reader)
                .queryParam("purpose", "minimum-living-allowance")
                .when().get(PUSH + "/" + good2.get("residentId"))
                .then().statusCode(200).body("fields.name", equalTo("王芳")));

        List<String> deadLetters = readDeadLetters();
        assertThat(deadLetters).anySatisfy(value -> assertThat(value)
                .contains(bad.get("residentId").toString()).contains("resident-id.checksum"));
    }

    @Test
    void whenEveryRecordIsValidThenAccepted() {
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(resident("105"))
                .when().post(PUSH)
                .then().statusCode(202).body("accepted", equalTo(1)).body("rejected", equalTo(0));
    }

    @Test
    void whenNoRecordIsValidThenUnprocessableProblemNamesEachFailingField() {
        Map<String, Object> missingName = resident("107");
        missingName.remove("name");
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(List.of(withBadChecksum(resident("109")), missingName))
                .when().post(PUSH)
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors.field", hasItem("[0].residentId"))
                .body("errors.find { it.field == '[1].name' }.code", equalTo("required"));
    }

    @Test
    void whenPusherIsNotOfTheOwnerDepartmentThenForbidden() {
        given().auth().oauth2(Tokens.token("civil-affairs", "publisher")).contentType(ContentType.JSON)
                .body(resident("111")).when().post(PUSH)
                .then().statusCode(403).body("code", equalTo("not-owner"));
    }

    @Test
    void whenPusherLacksThePublisherRoleThenForbidden() {
        given().auth().oauth2(Tokens.token("public-security", "clerk", "steward")).contentType(ContentType.JSON)
                .body(resident("113")).when().post(PUSH)
                .then().statusCode(403).body("code", equalTo("role-required"));
    }

    @Test
    void whenNoTokenThenUnauthorized() {
        given().contentType(ContentType.JSON).body(resident("115")).when().post(PUSH)
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void whenBodyIsMalformedOrTooLargeThenClearClientErrors() {
        String token = Tokens.token("public-security", "publisher");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"residentId\": ")
                .when().post(PUSH).then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed-json"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("name", "x"));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(tooMany)
                .when().post(PUSH).then().statusCode(413).body("code", equalTo("batch-too-large"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[]")
                .when().post(PUSH).then().statusCode(400).body("code", equalTo("empty-batch"));
    }

    /**
     * Issue 12, finding 13: a number its field's type cannot hold (1e999 is Infinity as a double,
     * 99999999999999999999 is no int) is a type error of that field, like any other: the item is
     * rejected naming it (422, or 207 beside valid items) and dead-lettered — never a 500, never a
     * stored Infinity.
     */
    @Test
    void whenANumberOverflowsItsFieldThenTheItemIsRejectedNamingTheFieldAndNothingIsStored() {
        String income = "/api/v1/datasets/civil-affairs.household-income/records";
        String token = Tokens.token("civil-affairs", "publisher");
        String subject = TestData.residentId("110105", "19580101", "123");
        String item = "{\"residentId\":\"" + subject + "\",\"monthlyIncomeYuan\":%s,\"householdSize\":%s,"
                + "\"divisionCode\":\"110105\",\"updatedAt\":\"2026-11-20T10:00:00\"}";
        List<List<String>> overflows = List.of(List.of("1e999", "2", "monthlyIncomeYuan"),
                List.of("-1e999", "2", "monthlyIncomeYuan"), List.of("\"1e999\"", "2", "monthlyIncomeYuan"),
List.of("1200.5", "1e999", "householdSize"),
                List.of("1200.5", "99999999999999999999", "householdSize"));
        for (List<String> overflow : overflows) {
            String body = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(String.format(item, overflow.get(0), overflow.get(1)))
                    .when().post(income)
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("code", equalTo("validation-failed"))
                    .body("errors.find { it.field == '[0]." + overflow.get(2) + "' }.code", equalTo("type.number"))
                    .extract().asString();
            assertThat(body).as(overflow.toString()).doesNotContain("Infinity");
        }
        // beside a valid item: 207, the valid one accepted
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("[" + String.format(item, "1e999", "2") + "," + String.format(item, "1200.5", "3") + "]")
                .when().post(income)
                .then().statusCode(207).body("items[0].status", equalTo("rejected")).body("items[1].status", equalTo("accepted"));
        // the record stored is the valid one, as sent
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get(income + "/" + subject)
                .then().statusCode(200).body("fields.householdSize", equalTo(3))
                .body("fields.monthlyIncomeYuan", equalTo(1200.5f)));
    }

    @Test
    void catalogCountsPushedRowsAsAcceptedPlusDeadLettered() throws Exception {
        long[] before = committedIntake();
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(List.of(resident("117"), withBadChecksum(resident("119"))))
                .when().post(PUSH).then().statusCode(207);
        // exactly this push's two rows on top of what the offsets topic held before: one accepted, one dead-lettered
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> intake = given().auth().oauth2(Tokens.token("public-security", "clerk"))
                    .when().get("/api/v1/datasets/" + TestData.DATASET)
                    .then().statusCode(200).extract().path("intake");
            assertThat(((Number) intake.get("rowsSeen")).longValue()).isEqualTo(before[0] + 2);
            assertThat(((Number) intake.get("accepted")).longValue()).isEqualTo(before[1] + 1);
            assertThat(((Number) intake.get("deadLettered")).longValue()).isEqualTo(before[2] + 1);
        });
    }

    /** rows seen, accepted, dead-lettered of the dataset over every source, as the offsets topic holds them now. */
    private static long[] committedIntake() throws Exception {
        long[] totals = new long[3];
        for (byte[] value : CommittedTopic.latest(Topics.CONNECTOR_OFFSETS).values()) {
            JsonNode source = value == null ? null : new ObjectMapper().readTree(value);
            if (source != null && TestData.DATASET.equals(source.path("dataset").asText())) {
                totals[0] += source.path("rowsSeen").asLong();
                totals[1] += source.path("accepted").asLong();
                totals[2] += source.path("deadLettered").asLong();
            }
        }
        return totals;
    }

    @Test
    void reconciliationIsExposedAsPrometheusMetrics() {
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(List.of(resident("121"))).when().post(PUSH).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get(PublicSurfaceTest.managementMetrics())
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(
                        "datarun_intake_rows{dataset=\"" + TestData.DATASET + "\",outcome=\"accepted\"}"))
                .body(org.hamcrest.Matchers.containsString("datarun_intake_reconciled{dataset=\"" + TestData.DATASET + "\"}")));
    }

    private static List<String> readDeadLetters() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(),
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetters(TestData.DATASET)));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                if (!values.isEmpty() && consumer.assignment().stream()
                        .allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
                    break;
                }
            }
        }
        return values;
    }
}
