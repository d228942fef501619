package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 11: work a caller can ask for is bounded — dispute comments and lists, and
 * whole-topic audit verifications running at once — so concurrent callers cannot exhaust a replica.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class BoundedWorkTest {

    @Test
    void whenADisputeCommentOrListIsTooLargeThenBadRequestNamesTheField() {
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", TestData.DATASET, "subjectId", "110105195511110331", "field", "name",
                        "comment", "长".repeat(2001), "purpose", "minimum-living-allowance"))
                .when().post("/api/v1/disputes")
                .then().statusCode(400).body("errors[0].field", equalTo("comment")).body("errors[0].code", equalTo("too-long"));
        given().auth().oauth2(Tokens.token("public-security", "steward")).queryParam("limit", 501)
                .when().get("/api/v1/disputes").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void whenManyAuditorsVerifyAtOnceThenOneRunsAndTheOthersAreToldToRetry() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                        .when().get("/api/v1/audit/verify").then().extract().response()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 503) {
                    assertThat(response.jsonPath().getString("code")).isEqualTo("busy");
                    assertThat(response.header("Retry-After")).isNotNull();
                }
            }
            assertThat(statuses).containsOnly(200, 503).contains(200, 503);
        } finally {
            pool.shutdownNow();
        }
    }
}
