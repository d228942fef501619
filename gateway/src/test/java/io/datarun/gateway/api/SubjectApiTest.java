package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SubjectApiTest {
    static final String RESIDENT = TestData.residentId("110105", "19471010", "051");
    static final String SUBJECTS = "/api/v1/subjects/";

    @BeforeAll
    static void publish() throws Exception {
        TestData.publish(TestData.resident(RESIDENT, "郭建华", "MALE", "北京市朝阳区团结湖路3号"));
    }

    @Test
    void whenGrantedThenTheSubjectIsShownAcrossDatasetsWithOnlyGrantedFields() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get(SUBJECTS + RESIDENT)
                .then().statusCode(200)
                .body("subjectId", equalTo(RESIDENT))
                .body("records.find { it.dataset == '" + TestData.DATASET + "' }.fields.name", equalTo("郭建华"))
                .body("records.find { it.dataset == '" + TestData.DATASET + "' }.withheld", hasItem("ethnicity")));
    }

    @Test
    void whenDepartmentHoldsNoGrantAnywhereThenForbidden() {
        given().auth().oauth2(Tokens.token("market-regulation", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get(SUBJECTS + RESIDENT)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("no-grant"));
    }

    @Test
    void whenTheSubjectLiesOutsideTheCallersDivisionsThenNoRecordIsShown() {
        String haidianClerk = Tokens.withDivisions("civil-affairs", java.util.List.of("110108"), "clerk");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(haidianClerk)
                .queryParam("purpose", "minimum-living-allowance")
                .when().get(SUBJECTS + RESIDENT)
                .then().statusCode(200)
                .body("records.dataset", not(hasItem(TestData.DATASET))));
    }

    @Test
    void whenPurposeOrIdIsInvalidOrNoTokenThenClearErrors() {
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .when().get(SUBJECTS + RESIDENT)
                .then().statusCode(400).body("code", equalTo("purpose-required"));
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get(SUBJECTS + "123")
                .then().statusCode(400).body("code", equalTo("invalid-subject-id"));
        given().auth().oauth2(Tokens.token("civil-affairs", "auditor")).queryParam("purpose", "minimum-living-allowance")
                .when().get(SUBJECTS + RESIDENT)
                .then().statusCode(403).body("code", equalTo("role-required"));
        given().queryParam("purpose", "minimum-living-allowance").when().get(SUBJECTS + RESIDENT)
                .then().statusCode(401);
    }
}
