package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The owner department's stewards read the rows refused at the door, with each failed constraint
 * and the raw values, page by page; an admin sees them without the raw values; other departments
 * and clerks are refused.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DeadLetterApiTest {
    static final String DEAD_LETTERS = "/api/v1/datasets/" + TestData.DATASET + "/dead-letters";
    static final String OWNER_STEWARD = Tokens.token("public-security", "steward");

    @Test
    void whenRowsAreRefusedThenTheOwnersStewardReadsWhyAndWhatWasSentPageByPage() {
        Map<String, Object> bad1 = PushApiTest.withBadChecksum(PushApiTest.resident("301"));
        Map<String, Object> bad2 = PushApiTest.withBadChecksum(PushApiTest.resident("303"));
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(List.of(bad1, bad2)).when().post(PushApiTest.PUSH).then().statusCode(422);

        JsonPath all = given().auth().oauth2(OWNER_STEWARD).queryParam("limit", 500).when().get(DEAD_LETTERS)
                .then().statusCode(200).body("dataset", equalTo(TestData.DATASET)).extract().jsonPath();
        List<Map<String, Object>> letters = all.getList("deadLetters");
        Map<String, Object> first = letters.stream()
                .filter(l -> bad1.get("residentId").equals(((Map<?, ?>) l.get("raw")).get("residentId"))).findFirst().orElseThrow();
        assertThat((List<Map<String, String>>) first.get("violations"))
                .anySatisfy(v -> assertThat(v).containsEntry("field", "residentId").containsEntry("code", "resident-id.checksum"));
        assertThat(first.get("source").toString()).startsWith("push.");
        assertThat(((Map<?, ?>) first.get("sourcePosition")).get("pushedBy")).isNotNull();

        // page by page: one at a time reaches the same letters, each once
        String after = null;
        int seen = 0;
        for (int i = 0; i < letters.size(); i++) {
            var request = given().auth().oauth2(OWNER_STEWARD).queryParam("limit", 1);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonPath page = request.when().get(DEAD_LETTERS).then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("deadLetters")).hasSize(1);
            assertThat(page.getLong("deadLetters[0].offset")).isEqualTo(((Number) letters.get(i).get("offset")).longValue());
            after = page.getString("next");
            seen++;
        }
        assertThat(seen).isEqualTo(letters.size());

        // an admin sees why, not the raw personal data
        given().auth().oauth2(Tokens.token("data-administration", "admin")).when().get(DEAD_LETTERS)
                .then().statusCode(200).body("deadLetters[0].raw", equalTo(null))
                .body("deadLetters[0].violations[0].code", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void whenNotTheOwnersStewardThenRefusedAndBadParametersAreNamed() {
        given().auth().oauth2(Tokens.token("civil-affairs", "steward")).when().get(DEAD_LETTERS)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("not-owner-steward"));
        given().auth().oauth2(Tokens.token("public-security", "clerk")).when().get(DEAD_LETTERS).then().statusCode(403);
        given().when().get(DEAD_LETTERS).then().statusCode(401);
        given().auth().oauth2(OWNER_STEWARD).queryParam("limit", 0).when().get(DEAD_LETTERS)
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(OWNER_STEWARD).queryParam("after", "not-a-cursor").when().get(DEAD_LETTERS)
                .then().statusCode(400).body("code", equalTo("invalid-cursor"));
        given().auth().oauth2(OWNER_STEWARD).when().get("/api/v1/datasets/no.such-dataset/dead-letters")
                .then().statusCode(404).body("code", equalTo("dataset-not-found"));
    }

    /** Issue 12, finding 10: a steward reading refused rows is in each row's subject's audit trail. */
    @Test
    void whenAStewardReadsDeadLettersThenEachRowsSubjectIsInTheAuditTrail() {
        Map<String, Object> unnamed = PushApiTest.resident("305");
        unnamed.remove("name");
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body(unnamed).when().post(PushApiTest.PUSH).then().statusCode(422);
        given().auth().oauth2(OWNER_STEWARD).queryParam("limit", 500).when().get(DEAD_LETTERS).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("subject", unnamed.get("residentId")).queryParam("caller", "public-security")
                .when().get("/api/v1/audit")
                .then().statusCode(200).body("events.action", org.hamcrest.Matchers.hasItem("dead-letters")));
    }
}
