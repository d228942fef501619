package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One row per endpoint: a caller the endpoint takes gets past authorization, a caller with the
 * wrong role gets 403, no token gets 401 — and both refusals land in the audit trail.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class EndpointAccessTest {
    static final String SUBJECT = TestData.residentId("110105", "19491231", "002");
    static final String DS = "/api/v1/datasets/" + TestData.DATASET;
    static final String PURPOSE = "?purpose=minimum-living-allowance";

    record Endpoint(String method, String path, String body, String allowed, String refused) {
    }

    static final String CLERK = Tokens.token("civil-affairs", "clerk");
    static final String PUBLISHER = Tokens.token("public-security", "publisher");
    static final String STEWARD = Tokens.token("public-security", "steward");
    static final String ADMIN = Tokens.token("data-administration", "admin");
    static final String AUDITOR = Tokens.token("audit-office", "auditor");
    static final String RESIDENT = Tokens.claims("ignored", "resident").claim("residentId", SUBJECT).sign(Tokens.PRIVATE_KEY);

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/api/v1/datasets", null, AUDITOR, Tokens.claims("civil-affairs", "clerk").claim("dept", "")
                        .sign(Tokens.PRIVATE_KEY)),
                new Endpoint("POST", "/api/v1/datasets", "{}", STEWARD, PUBLISHER),
                new Endpoint("POST", DS + "/versions", "{}", STEWARD, CLERK),
                new Endpoint("GET", DS, null, CLERK, Tokens.claims("civil-affairs", "clerk").claim("dept", "").sign(Tokens.PRIVATE_KEY)),
                new Endpoint("GET", DS + "/records/" + SUBJECT + PURPOSE, null, CLERK, AUDITOR),
                new Endpoint("POST", DS + "/records", "{}", PUBLISHER, CLERK),
                new Endpoint("DELETE", DS + "/records/" + TestData.residentId("110105", "19491231", "998"), null, PUBLISHER, STEWARD),
                new Endpoint("GET", DS + "/changes" + PURPOSE, null, CLERK, AUDITOR),
                new Endpoint("GET", DS + "/dead-letters", null, STEWARD, CLERK),
                new Endpoint("GET", "/api/v1/subjects/" + SUBJECT + PURPOSE, null, CLERK, AUDITOR),
                new Endpoint("GET", "/api/v1/forms", null, CLERK, PUBLISHER),
                new Endpoint("GET", "/api/v1/forms/income-survey", null, CLERK, ADMIN),
                new Endpoint("GET", "/api/v1/forms/income-survey/prefill?subject=" + SUBJECT + "&purpose=minimum-living-allowance",
                        null, CLERK, STEWARD),
                new Endpoint("POST", "/api/v1/forms/income-survey/submissions", "{}", CLERK, AUDITOR),
                new Endpoint("GET", "/api/v1/forms/roll-check/household?subject=" + SUBJECT + "&purpose=minimum-living-allowance",
                        null, CLERK, STEWARD),
                new Endpoint("POST", "/api/v1/disputes", "{}", CLERK, AUDITOR),
                new Endpoint("GET", "/api/v1/disputes" + PURPOSE, null, CLERK, AUDITOR),
                new Endpoint("GET", "/api/v1/disputes/d-none" + PURPOSE, null, CLERK, AUDITOR),
                new Endpoint("POST", "/api/v1/disputes/d-none/resolution", "{}", STEWARD, CLERK),
                new Endpoint("GET", "/api/v1/reports/usage", null, ADMIN, CLERK),
                new Endpoint("GET", "/api/v1/reports/forms", null, STEWARD, CLERK),
                new Endpoint("GET", "/api/v1/audit", null, AUDITOR, ADMIN),
                new Endpoint("GET", "/api/v1/audit/verify", null, AUDITOR, CLERK),
                new Endpoint("GET", "/api/v1/grants", null, STEWARD, CLERK),
                new Endpoint("POST", "/api/v1/grants", "{}", STEWARD, AUDITOR),
                new Endpoint("GET", "/api/v1/grants/g-none", null, ADMIN, PUBLISHER),
                new Endpoint("PUT", "/api/v1/grants/g-none", "{}", STEWARD, CLERK),
                new Endpoint("DELETE", "/api/v1/grants/g-none", null, STEWARD, CLERK),
                new Endpoint("GET", "/api/v1/me/access-trail", null, RESIDENT, CLERK),
                new Endpoint("GET", "/api/v1/directory", null, CLERK, Tokens.token("civil-affairs", "visitor")));
    }

    /**
     * Every operation the API publishes under /api/ has a line above: a new endpoint without its
     * allowed and refused caller fails here. (The replica channel is not on this port:
     * its own listener takes only signed requests, tested in GatewayReplicasIT; /ui/settings is public by design.)
     */
    @Test
    void everyPublishedApiOperationHasAnAllowedAndARefusedCallerAbove() {
        Map<String, Object> paths = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        assertThat(paths).as("the OpenAPI document lists the API").containsKeys("/api/v1/grants/{id}",
                "/api/v1/datasets/{dataset}/dead-letters", "/api/v1/forms/{form}/prefill");
        List<String> missing = new java.util.ArrayList<>();
        paths.forEach((template, operations) -> {
            if (!template.startsWith("/api/")) {
                return;
            }
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(
                    template.replaceAll("\\{[^/}]+}", "[^/?]+") + "(\\?.*)?");
            for (String method : ((Map<String, Object>) operations).keySet()) {
                boolean covered = endpoints().stream().anyMatch(e -> e.method().equalsIgnoreCase(method)
                        && pattern.matcher(e.path()).matches());
                if (!covered) {
                    missing.add(method.toUpperCase() + " " + template);
                }
            }
        });
        assertThat(missing).as("operations without an authorization test in endpoints()").isEmpty();
    }

    static int call(Endpoint endpoint, String token, String requestId) {
        RequestSpecification request = given().header("X-Request-Id", requestId);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        if (endpoint.body() != null) {
            request = request.contentType(ContentType.JSON).body(endpoint.body());
        }
        return request.when().request(endpoint.method(), endpoint.path()).then().extract().statusCode();
    }

    @Test
    void whenEachEndpointIsCalledThenItsRoleDecidesAndEveryRefusalIsAudited() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (Endpoint endpoint : endpoints()) {
            String what = endpoint.method() + " " + endpoint.path();
            assertThat(call(endpoint, endpoint.allowed(), "allowed-" + run)).as("allowed caller: " + what).isNotIn(401, 403).isLessThan(500);
            assertThat(call(endpoint, endpoint.refused(), "refused-" + run)).as("refused caller: " + what).isEqualTo(403);
            assertThat(call(endpoint, null, "anonymous-" + run)).as("no token: " + what).isEqualTo(401);
        }
        // refusals at the door are recorded without waiting for Kafka: they appear shortly after
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(AUDITOR)
                .queryParam("limit", 1000).when().get("/api/v1/audit").then().statusCode(200)
                .body("events.findAll { it.requestId == 'anonymous-" + run + "' }.size()", equalTo(endpoints().size()))
                .body("events.findAll { it.requestId == 'anonymous-" + run + "' }.outcome", hasItem("refused-unauthorized"))
                .body("events.findAll { it.requestId == 'refused-" + run + "' && it.action == 'request' }.outcome",
                        hasItem("refused-role-required"))
                .body("events.findAll { it.requestId == 'refused-" + run + "' && it.action == 'request' }.outcome",
                        hasItem("refused-token-without-department"))
                .body("events.find { it.requestId == 'refused-" + run + "' && it.outcome == 'refused-role-required' }.user",
                        org.hamcrest.Matchers.notNullValue()));
    }
}
