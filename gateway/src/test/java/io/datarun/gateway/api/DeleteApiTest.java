package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deleting a record through the API reaches every reader: reads, prefill, counts, change feed, audit. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DeleteApiTest {
    static final String RECORDS = "/api/v1/datasets/" + TestData.DATASET + "/records/";
    static final String PUBLISHER = Tokens.token("public-security", "publisher");
    static final String CLERK = Tokens.token("civil-affairs", "clerk");
    static final String PURPOSE = "minimum-living-allowance";

    static String pushed(String sequence) {
        String id = TestData.residentId("110105", "19560817", sequence);
        given().auth().oauth2(PUBLISHER).contentType(ContentType.JSON)
                .body(TestData.resident(id, "李娜", Integer.parseInt(sequence) % 2 == 1 ? "MALE" : "FEMALE", "北京市朝阳区团结湖路3号"))
                .when().post(RECORDS.substring(0, RECORDS.length() - 1)).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(CLERK).queryParam("purpose", PURPOSE)
                .when().get(RECORDS + id).then().statusCode(200));
        return id;
    }

    static int count() {
        return given().auth().oauth2(CLERK).when().get("/api/v1/datasets/" + TestData.DATASET)
                .then().statusCode(200).extract().path("recordCount");
    }

    @Test
    void whenThePublisherDeletesARecordThenReadsPrefillAndCountForgetItAndTheFeedShowsTheDeletion() throws Exception {
        String id = pushed("201");
        await().atMost(Duration.ofSeconds(30)).until(() -> count() == CommittedTopic.liveKeys(Topics.records(TestData.DATASET)));
        int before = count();
        String cursor = given().auth().oauth2(CLERK).queryParam("purpose", PURPOSE).queryParam("limit", 500)
                .when().get("/api/v1/datasets/" + TestData.DATASET + "/changes").then().statusCode(200).extract().path("next");

        given().auth().oauth2(PUBLISHER).queryParam("reason", "erasure-request:EQ-2026-0042")
                .when().delete(RECORDS + id).then().statusCode(204);

        // no waiting: the 204 is given once the serving store has applied the tombstone
        given().auth().oauth2(CLERK).queryParam("purpose", PURPOSE).when().get(RECORDS + id)
                .then().statusCode(404).body("code", equalTo("record-not-found"));
        given().auth().oauth2(CLERK).queryParam("subject", id).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/forms/income-survey/prefill")
                .then().statusCode(200).body("fields.find { it.name == 'name' }.status", equalTo("manual"));
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == before - 1);
        JsonPath feed = given().auth().oauth2(CLERK).queryParam("purpose", PURPOSE).queryParam("after", cursor)
                .when().get("/api/v1/datasets/" + TestData.DATASET + "/changes").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> deletions = feed.getList("changes.findAll { it.deleted }");
        assertThat(deletions).extracting(c -> c.get("subjectId")).containsExactly(id);

        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", id)
                .queryParam("caller", "public-security")
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("events[0].action", equalTo("delete"))
                .body("events[0].outcome", equalTo("ok-deleted"))
                .body("events[0].detail", org.hamcrest.Matchers.startsWith("reason=erasure-request:EQ-2026-0042 tombstone="));
    }

    @Test
    void whenTheRecordIsAlreadyGoneThenNotFoundAndTheAttemptIsAudited() {
        String absent = TestData.residentId("110105", "19560817", "205");
        given().auth().oauth2(PUBLISHER).when().delete(RECORDS + absent)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("record-not-found"));
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", absent)
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("events[0].action", equalTo("delete")).body("events[0].outcome", equalTo("not-found"));
    }

    @Test
    void whenAnotherDepartmentOrRoleDeletesThenRefusedAndTheRecordStays() {
        String id = pushed("203");
        given().auth().oauth2(Tokens.token("civil-affairs", "publisher")).when().delete(RECORDS + id)
                .then().statusCode(403).body("code", equalTo("not-owner"));
        given().auth().oauth2(Tokens.token("public-security", "steward", "clerk")).when().delete(RECORDS + id)
                .then().statusCode(403).body("code", equalTo("role-required"));
        given().when().delete(RECORDS + id).then().statusCode(401);
        given().auth().oauth2(CLERK).queryParam("purpose", PURPOSE).when().get(RECORDS + id).then().statusCode(200);
    }

    @Test
    void whenTheSubjectIdOrReasonIsMalformedThenAProblemNamesTheField() {
        given().auth().oauth2(PUBLISHER).when().delete(RECORDS + "110105195608170000")
                .then().statusCode(400).body("errors[0].field", equalTo("subjectId"));
        given().auth().oauth2(PUBLISHER).queryParam("reason", "free text; with spaces")
                .when().delete(RECORDS + TestData.residentId("110105", "19560817", "207"))
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
    }
}
