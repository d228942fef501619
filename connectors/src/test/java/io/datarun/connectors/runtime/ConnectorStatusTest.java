package io.datarun.connectors.runtime;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.support.StatusTestResource;
import io.datarun.connectors.support.Tokens;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * After a backfill of known size (1,200 rows, 6 of them bad) the status endpoint and the Prometheus
 * gauges give the numbers a steward reads: who runs the connector, where it stands, how many rows
 * went where, the rate, nothing remaining, no ETA left and no lag.
 */
@QuarkusTest
@WithTestResource(StatusTestResource.class)
class ConnectorStatusTest {
    private static final String CONNECTOR = StatusTestResource.CONNECTOR;

    @ConfigProperty(name = "datarun-test.last-row-id", defaultValue = "-1")
    long lastRowId;

    @Test
    void whenBackfillIsDoneThenStatusShowsOwnerPositionCountsRateAndNothingRemaining() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> operator().get("/connectors/" + CONNECTOR).then().extract().path("rowsSeen"),
                        rows -> rows != null && ((Number) rows).longValue() == StatusTestResource.ROWS);

        operator().when().get("/connectors/" + CONNECTOR).then()
                .statusCode(200)
                .body("name", equalTo(CONNECTOR))
                .body("dataset", equalTo("public-security.household-registry"))
                .body("kind", equalTo("jdbc"))
                .body("state", equalTo("RUNNING"))
                .body("owner", equalTo(StatusTestResource.RUNTIME_ID))
                .body("position", equalTo(new SourcePosition(StatusTestResource.LAST, lastRowId).toString()))
                .body("rowsSeen", equalTo(StatusTestResource.ROWS))
                .body("accepted", equalTo(StatusTestResource.ROWS - StatusTestResource.BAD))
                .body("deadLettered", equalTo(StatusTestResource.BAD))
                .body("rowsPerSecond", greaterThan(0f))
                .body("remaining", equalTo(0))
                .body("etaSeconds", equalTo(0f))
                .body("lagSeconds", equalTo(0f));

        operator().when().get("/connectors").then()
                .statusCode(200)
                .body("runtime", equalTo(StatusTestResource.RUNTIME_ID))
                .body("connectors", hasSize(1))
                .body("connectors[0].name", equalTo(CONNECTOR));

        String tags = "{connector=\"" + CONNECTOR + "\",dataset=\"public-security.household-registry\"}";
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("datarun_connector_remaining_rows" + tags + " 0.0"))
                .body(containsString("datarun_connector_eta_seconds" + tags + " 0.0"))
                .body(containsString("datarun_connector_lag_seconds" + tags + " 0.0"))
                .body(containsString("datarun_connector_owned" + tags + " 1.0"));
    }

    @Test
    void whenConnectorIsUnknownThenProblemJson404() {
        operator().when().get("/connectors/no-such-connector").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("unknown-connector"))
                .body("detail", containsString("no-such-connector"));
    }

    @Test
    void whenNoTokenOrAForeignOneThenStatusIs401AndHealthAndMetricsStayOpen() {
        given().when().get("/connectors").then().statusCode(401);
        given().when().get("/connectors/" + CONNECTOR).then().statusCode(401);
        given().auth().oauth2(Tokens.foreign("public-security", "admin")).when().get("/connectors").then().statusCode(401);
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void whenAClerkAsksThenStatusIs403() {
        given().auth().oauth2(Tokens.token("public-security", "clerk")).when().get("/connectors").then().statusCode(403);
    }

    @Test
    void whenAStewardAsksThenOnlyTheConnectorsOfTheirDepartmentsDatasetsShow() {
        given().auth().oauth2(Tokens.token("public-security", "steward")).when().get("/connectors").then()
                .statusCode(200).body("connectors", hasSize(1)).body("connectors[0].name", equalTo(CONNECTOR));
        given().auth().oauth2(Tokens.token("public-security", "steward")).when().get("/connectors/" + CONNECTOR).then()
                .statusCode(200).body("name", equalTo(CONNECTOR));
        given().auth().oauth2(Tokens.token("health", "steward")).when().get("/connectors").then()
                .statusCode(200).body("connectors", hasSize(0));
        given().auth().oauth2(Tokens.token("health", "steward")).when().get("/connectors/" + CONNECTOR).then()
                .statusCode(404).body("code", equalTo("unknown-connector"));
    }

    /** An operator: the admin role. */
    private static RequestSpecification operator() {
        return given().auth().oauth2(Tokens.token("ops", "admin"));
    }
}
