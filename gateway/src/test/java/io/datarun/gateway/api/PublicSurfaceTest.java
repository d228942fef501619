package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 10: what the public port answers besides the API. Tokens live at most an hour;
 * the UI may not be framed and runs only its own scripts; metrics are on the management interface,
 * health stays where the probes look for it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class PublicSurfaceTest {
    /** The management interface's metrics (a random port in tests; Quarkus publishes the one it bound). */
    static String managementMetrics() {
        return "http://127.0.0.1:" + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class) + "/q/metrics";
    }

    @Test
    void whenATokenIsValidForLongerThanTheCapThenUnauthorized() {
        String yearLong = Tokens.claims("civil-affairs", "clerk").issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofDays(365))).sign(Tokens.PRIVATE_KEY);
        given().auth().oauth2(yearLong).when().get("/api/v1/datasets").then().statusCode(401);
        String hour = Tokens.claims("civil-affairs", "clerk").issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofMinutes(50))).sign(Tokens.PRIVATE_KEY);
        given().auth().oauth2(hour).when().get("/api/v1/datasets").then().statusCode(200);
    }

    @Test
    void whenTheUiIsServedThenItForbidsFramingAndForeignScripts() {
        given().when().get("/ui/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", equalTo("DENY"));
    }

    @Test
    void whenMetricsAreAskedOnThePublicPortThenNotFoundButHealthStays() {
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get(managementMetrics()).then().statusCode(200)
                .body(containsString("datarun_intake_rows"));
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
