package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import io.datarun.gateway.usage.AccessLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class UsageReportTest {
    static final String RESIDENT = TestData.residentId("110105", "19400101", "021");
    static final String LINE = "datasets.find { it.dataset == '" + TestData.DATASET + "' }";

    @Inject
    TestClock clock;

    @BeforeAll
    static void publish() throws Exception {
        TestData.publish(TestData.resident(RESIDENT, "赵桂兰", "MALE", "北京市朝阳区光华路2号"));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static void readAsCivilAffairs() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + TestData.DATASET + "/records/" + RESIDENT)
                .then().statusCode(200));
    }

    @Test
    void whenAConsumerReadsThenTheReportCountsItAndTheFeedIsNotUnused() {
        readAsCivilAffairs();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("platform", "admin"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(200)
                .body(LINE + ".reads", greaterThanOrEqualTo(1))
                .body(LINE + ".consumers.department", hasItem("civil-affairs"))
                .body(LINE + ".distinctConsumers", greaterThanOrEqualTo(1))
                .body(LINE + ".unused", equalTo(false))
                .body(LINE + ".lastUpdate", org.hamcrest.Matchers.notNullValue())
                .body(LINE + ".retirementProposed", equalTo(false)));
    }

    @Test
    void everyReadIsCountedExactlyForItsDepartment() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> readAs("health", "elderly-health-checkup"));
        long before = settledReads("health");
        for (int i = 0; i < 3; i++) {
            readAs("health", "elderly-health-checkup");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reads("health")).isEqualTo(before + 3));
        // and it stays so over two more flushes
        Duration twoFlushes = AccessLog.FLUSH_INTERVAL.multipliedBy(2);
        await().during(twoFlushes).atMost(twoFlushes.plusSeconds(10)).untilAsserted(() ->
                assertThat(reads("health")).as("counted once, not again at a later flush").isEqualTo(before + 3));
    }

    private static void readAs(String department, String purpose) {
        given().auth().oauth2(Tokens.token(department, "clerk"))
                .queryParam("purpose", purpose)
                .when().get("/api/v1/datasets/" + TestData.DATASET + "/records/" + RESIDENT)
                .then().statusCode(200);
    }

    /** The department's reads of the dataset in the report; 0 when it never read it. */
    private static long reads(String department) {
        Number reads = given().auth().oauth2(Tokens.token("platform", "admin"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(200)
                .extract().path(LINE + ".consumers.find { it.department == '" + department + "' }.reads");
        return reads == null ? 0 : reads.longValue();
    }

    /** The department's count once reads counted in memory and on their way through the stores have all arrived. */
    private static long settledReads(String department) {
        java.util.concurrent.atomic.AtomicLong previous = new java.util.concurrent.atomic.AtomicLong(-1);
        return await().atMost(Duration.ofSeconds(60)).pollInterval(AccessLog.FLUSH_INTERVAL.multipliedBy(2))
                .until(() -> reads(department), now -> previous.getAndSet(now) == now);
    }

    @Test
    void whenNoConsumerReadsForLongerThanTheWindowThenStaleAndUnusedFeedIsProposedForRetirement() {
        readAsCivilAffairs();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("platform", "admin"))
                .when().get("/api/v1/reports/usage")
                .then().body(LINE + ".unused", equalTo(false)));
        clock.advance(Duration.ofDays(31));
        given().auth().oauth2(Tokens.token("platform", "admin"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(200)
                .body("unusedAfter", equalTo("PT720H"))
                .body(LINE + ".unused", equalTo(true))
                .body(LINE + ".stale", equalTo(true))
                .body(LINE + ".retirementProposed", equalTo(true));
    }

    @Test
    void stewardSeesOnlyTheirOwnDepartmentsFeeds() {
        given().auth().oauth2(Tokens.token("civil-affairs", "steward"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(200)
                .body("datasets.dataset", not(hasItem(TestData.DATASET)))
                .body("datasets.owner", everyItem(equalTo("civil-affairs")));
        given().auth().oauth2(Tokens.token("no-feeds-department", "steward"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(200).body("datasets", empty());
        given().auth().oauth2(Tokens.token("public-security", "steward"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(200).body("datasets.dataset", hasItem(TestData.DATASET));
    }

    @Test
    void whenCallerIsNeitherAdminNorStewardThenRefused() {
        given().auth().oauth2(Tokens.token("public-security", "clerk"))
                .when().get("/api/v1/reports/usage")
                .then().statusCode(403).body("code", equalTo("role-required"));
        given().when().get("/api/v1/reports/usage").then().statusCode(401);
    }
}
