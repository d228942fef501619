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

    /** Tokens of one user, freshly minted for every request: the budget is the user's, not the token string's. */
    static String freshToken(String user) {
        return Tokens.claims("civil-affairs", "clerk").subject(user).claim("jti", java.util.UUID.randomUUID().toString())
                .sign(Tokens.PRIVATE_KEY);
    }

    /**
     * Sends requests from 16 threads until one is answered 429. Parallel, because the budget refills
     * 20 per second: one thread on a slow machine (50 ms a request) would never outrun the refill.
     */
    static Response floodUntilLimited(java.util.function.Supplier<io.restassured.specification.RequestSpecification> request) {
        java.util.concurrent.atomic.AtomicReference<Response> limited = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(pool.submit(() -> {
                    while (limited.get() == null && sent.incrementAndGet() <= 5000) {
                        Response response = request.get().when().get("/api/v1/forms");
                        if (response.statusCode() == 429) {
                            limited.compareAndSet(null, response);
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
        return limited.get();
    }

    @Test
    void whenOneCallerExceedsItsBudgetWithAFreshTokenPerRequestThenTooManyRequestsWhileOthersProceed() {
        String user = "flooder-" + java.util.UUID.randomUUID();
        Response limited = floodUntilLimited(() -> given().auth().oauth2(freshToken(user)));
        assertThat(limited).as("the test profile's budget is 400 at once, 20 per second after, per user").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
        given().auth().oauth2(freshToken("someone-else-" + java.util.UUID.randomUUID())).when().get("/api/v1/datasets")
                .then().statusCode(200);
    }

    @Test
    void whenOneAddressSendsForgedTokensThenItIsLimitedByAddressWhileOtherAddressesProceed() {
        Response limited = floodUntilLimited(() -> given().header("X-Forwarded-For", "203.0.113.7")
                .auth().oauth2("forged." + java.util.UUID.randomUUID() + ".token"));
        assertThat(limited).as("every forged token used to get a fresh budget").isNotNull();
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate-limited");
        given().header("X-Forwarded-For", "203.0.113.8").when().get("/api/v1/datasets").then().statusCode(401);
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
