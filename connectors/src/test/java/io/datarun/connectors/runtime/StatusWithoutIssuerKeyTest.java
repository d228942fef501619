package io.datarun.connectors.runtime;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.datarun.connectors.support.NoIssuerKeyTestResource;
import io.datarun.connectors.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A runtime without the gateway issuer's key cannot check a token: its status endpoint says so with
 * {@code 503} problem+json to every caller, token or not (never {@code 500}), and its health stays open.
 */
@QuarkusTest
@WithTestResource(NoIssuerKeyTestResource.class)
class StatusWithoutIssuerKeyTest {

    @Test
    void whenTheIssuerKeyIsMissingThenStatusAnswers503ProblemJsonAndHealthStaysOpen() {
        for (String path : new String[] {"/connectors", "/connectors/ps-household-registry"}) {
            given().when().get(path).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("code", equalTo("issuer-key-missing"))
                    .body("detail", containsString("DATARUN_JWT_PUBLIC_KEY"));
            given().auth().oauth2(Tokens.token("ops", "admin")).when().get(path).then().statusCode(503)
                    .body("code", equalTo("issuer-key-missing"));
        }
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
