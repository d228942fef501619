package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, findings 2 and 3: reading disputes is a read of the disputed record. The raising
 * department names a purpose and needs a current grant covering the field; every dispute read is
 * audited with its subject; the departments that read the record are the owner's stewards' business;
 * the owner's own users see only disputes of subjects within their token's divisions.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DisputeAccessTest {
    static final String DISPUTES = "/api/v1/disputes";
    static final String PURPOSE = "minimum-living-allowance";
    static final String OWNER_STEWARD = Tokens.token("public-security", "steward");

    @Test
    void whenTheRaisingDepartmentReadsDisputesThenItNamesAPurposeNeedsACurrentGrantAndIsAudited() throws Exception {
        String subject = DisputeApiTest.publishAndRead("541", "蒋一鸣");
        String grant = given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON)
                .body(Map.of("consumer", "transport", "dataset", TestData.DATASET, "fields", List.of("residentId", "name"),
                        "purposes", List.of(PURPOSE)))
                .when().post("/api/v1/grants").then().statusCode(201).extract().path("id");
        String clerk = Tokens.token("transport", "clerk");
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(clerk)
                .contentType(ContentType.JSON).body(Map.of("dataset", TestData.DATASET, "subjectId", subject, "field", "name",
                        "comment", "姓名有误", "purpose", PURPOSE))
                .when().post(DISPUTES).then().extract().path("id"), java.util.Objects::nonNull);

        given().auth().oauth2(clerk).when().get(DISPUTES)
                .then().statusCode(400).body("code", equalTo("purpose-required"));
        given().auth().oauth2(clerk).when().get(DISPUTES + "/" + id)
                .then().statusCode(400).body("code", equalTo("purpose-required"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(clerk)
                .queryParam("purpose", PURPOSE).when().get(DISPUTES)
                .then().statusCode(200).body("find { it.id == '" + id + "' }.disputedValue", equalTo("蒋一鸣")));
        given().auth().oauth2(clerk).queryParam("purpose", PURPOSE).when().get(DISPUTES + "/" + id)
                .then().statusCode(200).body("disputedValue", equalTo("蒋一鸣")).body("$", not(hasKey("readers")));
        given().auth().oauth2(OWNER_STEWARD).when().get(DISPUTES + "/" + id)
                .then().statusCode(200).body("$", hasKey("readers"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("subject", subject).queryParam("caller", "transport").when().get("/api/v1/audit")
                .then().statusCode(200).body("events.action", hasItem("dispute-read")));

        given().auth().oauth2(OWNER_STEWARD).when().delete("/api/v1/grants/" + grant).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(clerk)
                .queryParam("purpose", PURPOSE).when().get(DISPUTES + "/" + id)
                .then().statusCode(404).body("code", equalTo("dispute-not-found")));
        given().auth().oauth2(clerk).queryParam("purpose", PURPOSE).when().get(DISPUTES)
                .then().statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void whenTheOwnersStewardIsLimitedToAnotherDistrictThenTheDisputeIsNotShownNorResolvable() throws Exception {
        String subject = DisputeApiTest.publishAndRead("543", "韩雪");
        String id = DisputeApiTest.raise(subject, "name");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(OWNER_STEWARD)
                .when().get(DISPUTES + "/" + id).then().statusCode(200));
        String elsewhere = Tokens.withDivisions("public-security", List.of("330106"), "steward");
        given().auth().oauth2(elsewhere).when().get(DISPUTES + "/" + id)
                .then().statusCode(404).body("code", equalTo("dispute-not-found"));
        given().auth().oauth2(elsewhere).when().get(DISPUTES).then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(elsewhere).contentType(ContentType.JSON).body(Map.of("outcome", "rejected", "reason", "x"))
                .when().post(DISPUTES + "/" + id + "/resolution").then().statusCode(404);
        given().auth().oauth2(Tokens.withDivisions("public-security", List.of("110105"), "steward"))
                .when().get(DISPUTES + "/" + id).then().statusCode(200);
    }
}
