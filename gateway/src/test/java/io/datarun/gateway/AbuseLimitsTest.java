package io.datarun.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AbuseLimitsTest {

    @Test
    void whenOneCallerExceedsItsBudgetThenTooManyRequestsWithRetryAfterWhileOthersProceed() {
        String flooder = Tokens.token("civil-affairs", "clerk");
        Response limited = null;
        for (int i = 0; i < 700 && limited == null; i++) {
            Response response = given().auth().oauth2(flooder).when().get("/api/v1/no-such-endpoint");
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertThat(limited).as("the test profile's budget is 300 at once, 5 per second after").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).when().get("/api/v1/datasets")
                .then().statusCode(200);
    }

    @Test
    void whenBodyHasAnUnknownPropertyThenBadRequestNamesIt() {
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", TestData.DATASET, "subjectId", "x", "field", "name", "comment", "c",
                        "purpose", "minimum-living-allowance", "sneaky", "1"))
                .when().post("/api/v1/disputes")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("unknown-property"))
                .body("errors[0].field", equalTo("sneaky"));
    }

    @Test
    void whenBodyIsLargerThanTheLimitThenPayloadTooLarge() {
        String big = "x".repeat(3 * 1024 * 1024);
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON)
                .body("{\"name\":\"" + big + "\"}")
                .when().post("/api/v1/datasets/" + TestData.DATASET + "/records")
                .then().statusCode(413);
    }
}
