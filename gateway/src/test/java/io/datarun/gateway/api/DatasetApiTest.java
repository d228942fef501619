package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DatasetApiTest {
    static final String CHAOYANG = TestData.residentId("110105", "19491231", "002");
    static final String HAIDIAN = TestData.residentId("110108", "19800515", "013");
    static final String RECORDS = "/api/v1/datasets/" + TestData.DATASET + "/records/";

    @BeforeAll
    static void publishResidents() throws Exception {
        TestData.publish(
                TestData.resident(CHAOYANG, "张秀英", "FEMALE", "北京市朝阳区建国路88号3单元502"),
                TestData.resident(HAIDIAN, "李建国", "MALE", "北京市海淀区中关村大街27号1单元301"));
    }

    private static ValidatableResponse read(String token, String subject, String purpose) {
        var request = given().auth().oauth2(token);
        if (purpose != null) {
            request = request.queryParam("purpose", purpose);
        }
        return request.when().get(RECORDS + subject).then();
    }

    /** Waits until the serving store has caught up with the published records. */
    private static ValidatableResponse readWhenServed(String token, String subject, String purpose) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                read(Tokens.token("public-security", "clerk"), CHAOYANG, "minimum-living-allowance")
                        .statusCode(200));
        return read(token, subject, purpose);
    }

    @Test
    void whenOwnerReadsThenEveryFieldIsReturned() {
        readWhenServed(Tokens.token("public-security", "clerk"), CHAOYANG, "minimum-living-allowance")
                .statusCode(200)
                .body("dataset", equalTo(TestData.DATASET))
                .body("schemaVersion", equalTo(1))
                .body("fields.residentId", equalTo(CHAOYANG))
                .body("fields.name", equalTo("张秀英"))
                .body("fields.gender", equalTo("FEMALE"))
                .body("fields.birthDate", equalTo("1949-12-31"))
                .body("fields.ethnicity", equalTo("汉族"))
                .body("fields.updatedAt", equalTo("2026-11-20T02:00:00Z"))
                .body("withheld", org.hamcrest.Matchers.empty());
    }

    @Test
    void whenGrantedConsumerReadsThenOnlyGrantedFieldsAreReturned() {
        readWhenServed(Tokens.token("civil-affairs", "clerk"), CHAOYANG, "minimum-living-allowance")
                .statusCode(200)
                .body("fields.name", equalTo("张秀英"))
                .body("fields.householdNumber", equalTo("H11010519"))
                .body("fields", not(org.hamcrest.Matchers.hasKey("ethnicity")))
                .body("fields", not(org.hamcrest.Matchers.hasKey("updatedAt")))
                .body("withheld", hasItems("ethnicity", "updatedAt"));
    }

    @Test
    void whenDepartmentHoldsNoGrantThenForbiddenAsProblem() {
        readWhenServed(Tokens.token("market-regulation", "clerk"), CHAOYANG, "minimum-living-allowance")
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("no-grant"))
                .body("type", equalTo("https://datarun.io/problems/no-grant"))
                .body("status", equalTo(403))
                .body("detail", containsString("market-regulation"))
                .body("$", not(org.hamcrest.Matchers.hasKey("fields")));
    }

    @Test
    void whenPurposeIsNotCoveredByTheGrantThenForbidden() {
        readWhenServed(Tokens.token("civil-affairs", "clerk"), CHAOYANG, "pension-insurance")
                .statusCode(403).body("code", equalTo("no-grant"));
    }

    @Test
    void whenGrantHasExpiredThenForbidden() {
        readWhenServed(Tokens.token("expired-dept", "clerk"), CHAOYANG, "minimum-living-allowance")
                .statusCode(403).body("code", equalTo("no-grant"));
    }

    @Test
    void whenRefusedThenTheAnswerIsTheSameForExistingAndMissingSubjects() {
        String missing = TestData.residentId("110105", "19700101", "001");
        String token = Tokens.token("market-regulation", "clerk");
        readWhenServed(token, CHAOYANG, "minimum-living-allowance").statusCode(403).body("code", equalTo("no-grant"));
        read(token, missing, "minimum-living-allowance").statusCode(403).body("code", equalTo("no-grant"));
    }

    @Test
    void whenPurposeIsMissingOrUnregisteredThenBadRequestNamesTheField() {
        readWhenServed(Tokens.token("civil-affairs", "clerk"), CHAOYANG, null)
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("purpose-required"))
                .body("errors[0].field", equalTo("purpose"));
        read(Tokens.token("civil-affairs", "clerk"), CHAOYANG, "curiosity")
                .statusCode(400).body("code", equalTo("unknown-purpose"))
                .body("errors[0].field", equalTo("purpose"));
    }

    @Test
    void whenGrantIsLimitedToADivisionThenSubjectsElsewhereAreNotFound() {
        String health = Tokens.token("health", "clerk");
        readWhenServed(health, CHAOYANG, "elderly-health-checkup")
                .statusCode(200)
                .body("fields.name", equalTo("张秀英"))
                .body("fields", not(org.hamcrest.Matchers.hasKey("registeredAddress")));
        readWhenServed(health, HAIDIAN, "elderly-health-checkup")
                .statusCode(404).body("code", equalTo("record-not-found"))
                .body("$", not(org.hamcrest.Matchers.hasKey("fields")));
    }

    @Test
    void whenTokenNamesDivisionsThenOnlySubjectsRegisteredThereAreServed() {
        String chaoyangClerk = Tokens.withDivisions("civil-affairs", List.of("110105"), "clerk");
        readWhenServed(chaoyangClerk, CHAOYANG, "minimum-living-allowance").statusCode(200);
        read(chaoyangClerk, HAIDIAN, "minimum-living-allowance").statusCode(404).body("code", equalTo("record-not-found"));
    }

    @Test
    void whenSubjectIsUnknownThenNotFound() {
        readWhenServed(Tokens.token("civil-affairs", "clerk"), TestData.residentId("110105", "19700101", "001"),
                "minimum-living-allowance")
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("record-not-found"));
    }

    @Test
    void whenSubjectIdFailsItsChecksumThenBadRequestNamesTheRule() {
        String corrupted = CHAOYANG.substring(0, 17) + (CHAOYANG.charAt(17) == '1' ? '2' : '1');
        readWhenServed(Tokens.token("civil-affairs", "clerk"), corrupted, "minimum-living-allowance")
                .statusCode(400)
                .body("code", equalTo("invalid-subject-id"))
                .body("errors[0].field", equalTo("subjectId"))
                .body("errors[0].code", equalTo("resident-id.checksum"));
    }

    @Test
    void whenNoTokenThenUnauthorizedAsProblem() {
        given().queryParam("purpose", "minimum-living-allowance")
                .when().get(RECORDS + CHAOYANG)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("unauthorized"));
        given().when().get("/api/v1/datasets").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void whenTokenIsExpiredThenUnauthorized() {
        String expired = Tokens.claims("public-security", "clerk")
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .sign(Tokens.PRIVATE_KEY);
        read(expired, CHAOYANG, "minimum-living-allowance").statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void whenTokenIsTamperedThenUnauthorized() {
        String token = Tokens.token("civil-affairs", "clerk");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"civil-affairs\"", "\"public-security\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        read(tampered, CHAOYANG, "minimum-living-allowance").statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void whenTokenHasWrongIssuerOrAudienceThenUnauthorized() {
        String wrongIssuer = Jwt.issuer("https://evil.example/").audience("datarun").subject("x")
                .claim("dept", "public-security").groups(Set.of("clerk")).sign(Tokens.PRIVATE_KEY);
        read(wrongIssuer, CHAOYANG, "minimum-living-allowance").statusCode(401);
        String wrongAudience = Jwt.issuer(Tokens.ISSUER).audience("another-app").subject("x")
                .claim("dept", "public-security").groups(Set.of("clerk")).sign(Tokens.PRIVATE_KEY);
        read(wrongAudience, CHAOYANG, "minimum-living-allowance").statusCode(401);
    }

    @Test
    void whenTokenLacksAReadingRoleThenForbidden() {
        read(Tokens.token("public-security", "auditor"), CHAOYANG, "minimum-living-allowance")
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("role-required"));
    }

    @Test
    void whenTokenLacksDepartmentThenForbidden() {
        String noDept = Jwt.issuer(Tokens.ISSUER).audience("datarun").subject("x").groups(Set.of("clerk"))
                .sign(Tokens.PRIVATE_KEY);
        read(noDept, CHAOYANG, "minimum-living-allowance").statusCode(403).body("code", equalTo("token-without-department"));
    }

    @Test
    void catalogListsOwnerCountFreshnessAndCurrentConsumers() {
        String token = Tokens.token("market-regulation", "clerk");
        // whatever other test classes published before: the catalog counts what the topic holds
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/datasets")
                .then().statusCode(200)
                .body("find { it.id == '" + TestData.DATASET + "' }.recordCount",
                        equalTo((int) CommittedTopic.liveKeys(Topics.records(TestData.DATASET)))));
        given().auth().oauth2(token).when().get("/api/v1/datasets").then()
                .body("find { it.id == '" + TestData.DATASET + "' }.owner", equalTo("public-security"))
                .body("find { it.id == '" + TestData.DATASET + "' }.cadence", equalTo("PT24H"))
                .body("find { it.id == '" + TestData.DATASET + "' }.lastUpdate", not(nullValue()))
                .body("find { it.id == '" + TestData.DATASET + "' }.consumers", equalTo(List.of("civil-affairs", "health")));
    }

    @Test
    void whenRecordsReachTheTopicAroundTheDoorThenTheCatalogFlagsTheMismatch() {
        // these tests publish straight to the topic, as a rogue producer would: nothing was counted in
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("public-security", "clerk"))
                .when().get("/api/v1/datasets/" + TestData.DATASET)
                .then().statusCode(200)
                .body("intake.reconciled", equalTo(false))
                .body("intake.problems[0]", containsString("without validation")));
    }

    @Test
    void datasetPageShowsFieldClassifications() {
        given().auth().oauth2(Tokens.token("health", "clerk"))
                .when().get("/api/v1/datasets/" + TestData.DATASET)
                .then().statusCode(200)
                .body("fields.find { it.name == 'residentId' }.classification", equalTo("sensitive"))
                .body("fields.find { it.name == 'birthDate' }.type", equalTo("date"))
                .body("fields.find { it.name == 'name' }.label.zh-CN", equalTo("姓名"));
        given().auth().oauth2(Tokens.token("health", "clerk"))
                .when().get("/api/v1/datasets/no-such.dataset")
                .then().statusCode(404).body("code", equalTo("dataset-not-found"));
    }

    @Test
    void healthAndOpenApiAreServed() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/datasets/{dataset}/records/{subjectId}"));
    }

    /** Replica reads have their own listener (signed requests, ReplicaSignatureTest, GatewayReplicasIT), never the public port. */
    @Test
    void thePublicPortDoesNotServeTheReplicaChannel() {
        given().when().get("/internal/v1/replica/records/" + TestData.DATASET + "/" + CHAOYANG)
                .then().statusCode(404);
        given().header("X-Datarun-Replica-Secret", "guess")
                .when().get("/internal/v1/replica/records/" + TestData.DATASET + "/" + CHAOYANG)
                .then().statusCode(404);
    }
}
