package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, findings 2 and 10: the divisions in a token limit the owner department's own users as
 * they limit a reader — on every write (the new record's and the stored record's division) and on
 * owner-side reads (dead letters, disputes, prefill seals); a present but empty claim reaches
 * nothing, an absent one stays department-wide.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DivisionReachTest {
    static final String RECORDS = "/api/v1/datasets/" + TestData.DATASET + "/records";
    static final String PURPOSE = "minimum-living-allowance";

    static Map<String, Object> resident(String region, String sequence) {
        String id = TestData.residentId(region, "19710506", sequence);
        return TestData.resident(id, "郑" + sequence, Integer.parseInt(sequence) % 2 == 1 ? "MALE" : "FEMALE",
                "测试路" + sequence + "号");
    }

    @Test
    void whenAPublisherLimitedToOneDistrictPushesAResidentOfAnotherThenRefusedAndNothingIsPublished() {
        Map<String, Object> elsewhere = resident("330106", "511");
        Map<String, Object> inReach = resident("110105", "513");
        String limited = Tokens.withDivisions("public-security", List.of("110105"), "publisher");
        given().auth().oauth2(limited).contentType(ContentType.JSON).body(List.of(inReach, elsewhere))
                .when().post(RECORDS)
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("out-of-reach"))
                .body("errors[0].field", equalTo("[1].divisionCode"));
        // nothing of the refused batch was published, not even the item in reach
        given().auth().oauth2(limited).contentType(ContentType.JSON).body(inReach).when().post(RECORDS)
                .then().statusCode(202);
        String owner = Tokens.token("public-security", "clerk");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(owner)
                .queryParam("purpose", PURPOSE).when().get(RECORDS + "/" + inReach.get("residentId"))
                .then().statusCode(200));
        given().auth().oauth2(owner).queryParam("purpose", PURPOSE).when().get(RECORDS + "/" + elsewhere.get("residentId"))
                .then().statusCode(404);
    }

    @Test
    void whenALimitedPublisherOverwritesARecordStoredInAnotherDistrictThenRefused() {
        Map<String, Object> stored = resident("330106", "515");
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON).body(stored)
                .when().post(RECORDS).then().statusCode(202);
        String owner = Tokens.token("public-security", "clerk");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(owner)
                .queryParam("purpose", PURPOSE).when().get(RECORDS + "/" + stored.get("residentId"))
                .then().statusCode(200));
        Map<String, Object> moved = new java.util.LinkedHashMap<>(stored);
        moved.put("divisionCode", "110105");
        given().auth().oauth2(Tokens.withDivisions("public-security", List.of("110105"), "publisher"))
                .contentType(ContentType.JSON).body(moved).when().post(RECORDS)
                .then().statusCode(403).body("code", equalTo("out-of-reach"));
    }

    @Test
    void whenTheDivisionsClaimIsEmptyThenNothingIsReachedWhileAnAbsentClaimStaysDepartmentWide() {
        Map<String, Object> resident = resident("110105", "517");
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON).body(resident)
                .when().post(RECORDS).then().statusCode(202);
        String path = RECORDS + "/" + resident.get("residentId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", PURPOSE).when().get(path)
                .then().statusCode(200));
        given().auth().oauth2(Tokens.withDivisions("civil-affairs", List.of(), "clerk")).queryParam("purpose", PURPOSE)
                .when().get(path).then().statusCode(404).body("code", equalTo("record-not-found"));
        given().auth().oauth2(Tokens.withDivisions("public-security", List.of(), "publisher"))
                .contentType(ContentType.JSON).body(resident).when().post(RECORDS)
                .then().statusCode(403).body("code", equalTo("out-of-reach"));
    }

    @Test
    void whenAStewardIsLimitedToOneDistrictThenDeadLettersOfAnotherAreNotShown() {
        Map<String, Object> bad = PushApiTest.withBadChecksum(resident("330106", "519"));
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON).body(bad)
                .when().post(RECORDS).then().statusCode(422);
        String deadLetters = RECORDS.replace("/records", "/dead-letters");
        List<Object> all = given().auth().oauth2(Tokens.token("public-security", "steward")).queryParam("limit", 500)
                .when().get(deadLetters).then().statusCode(200).extract().path("deadLetters.raw.residentId");
        assertThat(all).as("positive control: the department-wide steward sees it").contains(bad.get("residentId"));
        List<Object> limited = given().auth().oauth2(Tokens.withDivisions("public-security", List.of("110105"), "steward"))
                .queryParam("limit", 500).when().get(deadLetters).then().statusCode(200)
                .extract().path("deadLetters.raw.residentId");
        assertThat(limited).doesNotContain(bad.get("residentId"));
        String body = given().auth().oauth2(Tokens.withDivisions("public-security", List.of("110105"), "steward"))
                .queryParam("limit", 500).when().get(deadLetters).then().extract().asString();
        assertThat(body).doesNotContain(bad.get("residentId").toString());
    }

    @Test
    void whenAClerkPrefillsASubjectOutsideItsDistrictThenNoSealIsIssuedAndNothingCanBeWrittenBack() throws Exception {
        String subject = FormApiTest.resident("521", "吕清");
        String elsewhere = Tokens.withDivisions("civil-affairs", List.of("110108"), "clerk");
        String seal = given().auth().oauth2(elsewhere).queryParam("subject", subject).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/forms/income-survey/prefill")
                .then().statusCode(200).body("seal", nullValue())
                .extract().path("seal");
        given().auth().oauth2(elsewhere).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "purpose", PURPOSE, "seal", seal == null ? "" : seal,
                        "values", Map.of("monthlyIncomeYuan", 800)))
                .when().post("/api/v1/forms/income-survey/submissions")
                .then().statusCode(422).body("code", equalTo("seal-invalid"));
    }

    @Test
    void whenASealIsReplayedByAnotherUserThenTheSubmissionIsRefused() throws Exception {
        String subject = FormApiTest.resident("523", "施文");
        String seal = FormApiTest.prefill("income-survey", subject).getString("seal");
        String colleague = Tokens.claims("civil-affairs", "clerk").subject("another-clerk").sign(Tokens.PRIVATE_KEY);
        given().auth().oauth2(colleague).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "purpose", PURPOSE, "seal", seal, "values", Map.of("monthlyIncomeYuan", 800)))
                .when().post("/api/v1/forms/income-survey/submissions")
                .then().statusCode(422).body("code", equalTo("seal-mismatch"));
    }
}
