package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class DisputeApiTest {
    static final String DISPUTES = "/api/v1/disputes";

    static String publishAndRead(String sequence, String name) throws Exception {
        String id = TestData.residentId("110105", "19551111", sequence);
        TestData.publish(TestData.resident(id, name, Integer.parseInt(sequence) % 2 == 1 ? "MALE" : "FEMALE",
                "北京市朝阳区朝阳路1号"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + TestData.DATASET + "/records/" + id)
                .then().statusCode(200));
        return id;
    }

    static String raise(String subject, String field) {
        return given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", TestData.DATASET, "subjectId", subject, "field", field,
                        "comment", "户籍登记姓名有误", "purpose", "minimum-living-allowance"))
                .when().post(DISPUTES)
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void whenOwnerStewardCorrectsADisputeThenANewVersionIsServedAndReadersAreNamed() throws Exception {
        String subject = publishAndRead("033", "刘小名");
        String id = raise(subject, "name");
        String steward = Tokens.token("public-security", "steward");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(steward)
                .queryParam("status", "open").when().get(DISPUTES)
                .then().statusCode(200).body("id", hasItem(id)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(steward)
                .when().get(DISPUTES + "/" + id)
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("disputedValue", equalTo("刘小名"))
                .body("raisedByDepartment", equalTo("civil-affairs"))
                .body("readers.find { it.department == 'civil-affairs' }.reads", greaterThanOrEqualTo(1)));

        given().auth().oauth2(steward).contentType(ContentType.JSON)
                .body(Map.of("outcome", "corrected", "correctedValue", "刘晓明", "reason", "据原始档案更正"))
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(200).body("status", equalTo("CORRECTED")).body("correctedValue", equalTo("刘晓明"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + TestData.DATASET + "/records/" + subject)
                .then().statusCode(200).body("fields.name", equalTo("刘晓明")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(steward)
                .contentType(ContentType.JSON).body(Map.of("outcome", "rejected", "reason", "again"))
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(409).body("code", equalTo("dispute-closed")));
    }

    @Test
    void whenStewardRejectsThenTheReasonIsRequiredAndKept() throws Exception {
        String subject = publishAndRead("035", "陈静");
        String id = raise(subject, "registeredAddress");
        String steward = Tokens.token("public-security", "steward");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(steward)
                .contentType(ContentType.JSON).body(Map.of("outcome", "rejected"))
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(400).body("errors[0].field", equalTo("reason")));
        given().auth().oauth2(steward).contentType(ContentType.JSON)
                .body(Map.of("outcome", "rejected", "reason", "地址与户籍档案一致"))
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("resolution", equalTo("地址与户籍档案一致"));
    }

    @Test
    void whenFieldIsWithheldOrDepartmentUngrantedThenNoDisputeCanBeRaised() throws Exception {
        String subject = publishAndRead("037", "周平");
        Map<String, String> onEthnicity = Map.of("dataset", TestData.DATASET, "subjectId", subject, "field", "ethnicity",
                "comment", "wrong", "purpose", "minimum-living-allowance");
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON).body(onEthnicity)
                .when().post(DISPUTES).then().statusCode(403).body("code", equalTo("field-not-granted"));
        given().auth().oauth2(Tokens.token("market-regulation", "clerk")).contentType(ContentType.JSON).body(onEthnicity)
                .when().post(DISPUTES).then().statusCode(403).body("code", equalTo("no-grant"));
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", TestData.DATASET, "subjectId", subject))
                .when().post(DISPUTES).then().statusCode(400).body("errors.field", hasItem("comment"));
        given().contentType(ContentType.JSON).body(onEthnicity).when().post(DISPUTES).then().statusCode(401);
    }

    @Test
    void onlyTheOwnersStewardResolvesAndOutsidersCannotSeeTheDispute() throws Exception {
        String subject = publishAndRead("039", "孙丽");
        String id = raise(subject, "name");
        Map<String, String> rejection = Map.of("outcome", "rejected", "reason", "no");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "steward")).contentType(ContentType.JSON).body(rejection)
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(403).body("code", equalTo("not-owner-steward")));
        given().auth().oauth2(Tokens.token("public-security", "clerk")).contentType(ContentType.JSON).body(rejection)
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(403).body("code", equalTo("role-required"));
        given().auth().oauth2(Tokens.token("health", "clerk")).queryParam("purpose", "elderly-health-checkup")
                .when().get(DISPUTES + "/" + id)
                .then().statusCode(404).body("code", equalTo("dispute-not-found"));
        given().auth().oauth2(Tokens.token("health", "clerk")).queryParam("purpose", "elderly-health-checkup").when().get(DISPUTES)
                .then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get(DISPUTES).then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void whenAClerkProposesTheRightValueThenItIsATypedFieldTheStewardSeesAndTheAuditMarks() throws Exception {
        String subject = publishAndRead("041", "吴芳");
        String clerk = Tokens.token("civil-affairs", "clerk");
        String id = given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("dataset", TestData.DATASET, "subjectId", subject, "field", "name",
                        "comment", "姓名登记有误", "proposedValue", " 吴方 ", "purpose", "minimum-living-allowance"))
                .when().post(DISPUTES)
                .then().statusCode(201).body("proposedValue", equalTo("吴方")).body("comment", equalTo("姓名登记有误"))
                .extract().path("id");
        String steward = Tokens.token("public-security", "steward");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(steward)
                .queryParam("status", "open").when().get(DISPUTES)
                .then().statusCode(200).body("find { it.id == '" + id + "' }.proposedValue", equalTo("吴方")));
        given().auth().oauth2(steward).contentType(ContentType.JSON)
                .body(Map.of("outcome", "corrected", "correctedValue", "吴方"))
                .when().post(DISPUTES + "/" + id + "/resolution")
                .then().statusCode(200).body("proposedValue", equalTo("吴方")).body("correctedValue", equalTo("吴方"));
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", subject)
                .when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("events[0].action", equalTo("dispute-resolve"))
                .body("events[0].detail", equalTo("dispute=" + id + " correction=as-proposed"))
                .body("events.find { it.action == 'dispute-raise' }.detail", equalTo("dispute=" + id + " with-proposed-value"));
        given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("dataset", TestData.DATASET, "subjectId", subject, "field", "name", "comment", "x",
                        "proposedValue", "长".repeat(501), "purpose", "minimum-living-allowance"))
                .when().post(DISPUTES)
                .then().statusCode(400).body("errors.field", hasItem("proposedValue"));
    }
}
