package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.grants.GrantLog;
import io.datarun.gateway.grants.GrantSignature;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 5: a grant counts only when the gateway wrote it. A record written straight to
 * {@code datarun._grants} without the grants key grants nothing, a signed record that is not a
 * usable grant (no consumer) is skipped instead of failing every decision, and a signed record the
 * grants API's validator refuses is ignored and counted ({@code datarun_grants_ignored_records}).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class GrantIntegrityTest {
    @Inject
    GrantLog grantLog;
    static final String RECORD = "/api/v1/datasets/" + TestData.DATASET + "/records/";
    static final String PURPOSE = "minimum-living-allowance";

    static void writeStraightToTheTopic(String id, String json, boolean signed) throws Exception {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.GRANTS, 0, id, value);
        if (signed) {
            record.headers().add(GrantSignature.HEADER,
                    GrantSignature.derivedFrom(GatewayConfig.AUDIT_DEV_KEY).sign(id, value));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaTestResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }

    /** A complete grant record of the household registry's {@code name} to {@code consumer}, as the API writes one. */
    static String grantOfName(String id, String consumer) {
        return "{\"id\":\"" + id + "\",\"origin\":\"api\",\"owner\":\"public-security\",\"consumer\":\"" + consumer
                + "\",\"dataset\":\"" + TestData.DATASET + "\",\"fields\":[\"name\"],\"purposes\":[\"" + PURPOSE
                + "\"],\"divisions\":[],\"createdBy\":\"x\",\"changedBy\":\"x\"}";
    }

    /** A grant made through the API: it returns once this replica has read the topic past everything written before. */
    static void syncThroughTheApi() {
        String id = given().auth().oauth2(Tokens.token("public-security", "steward")).contentType(ContentType.JSON)
                .body(Map.of("consumer", "water-resources", "dataset", TestData.DATASET, "fields", List.of("residentId"),
                        "purposes", List.of(PURPOSE)))
                .when().post("/api/v1/grants").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.token("public-security", "steward")).when().delete("/api/v1/grants/" + id)
                .then().statusCode(204);
    }

    @Test
    void whenAGrantIsWrittenToTheTopicWithoutTheKeyThenItGrantsNothing() throws Exception {
        String subject = DisputeApiTest.publishAndRead("561", "秦岭");
        String id = "g-" + UUID.randomUUID();
        writeStraightToTheTopic(id, "{\"id\":\"" + id + "\",\"origin\":\"api\",\"owner\":\"public-security\","
                + "\"consumer\":\"rogue-dept\",\"dataset\":\"" + TestData.DATASET + "\",\"fields\":[\"name\",\"ethnicity\"],"
                + "\"purposes\":[\"" + PURPOSE + "\"],\"divisions\":[],\"createdBy\":\"x\",\"changedBy\":\"x\"}", false);
        syncThroughTheApi();
        given().auth().oauth2(Tokens.token("rogue-dept", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(RECORD + subject).then().statusCode(403);
    }

    @Test
    void whenASignedRecordIsNoUsableGrantThenItIsSkippedAndReadsGoOn() throws Exception {
        String subject = DisputeApiTest.publishAndRead("563", "魏然");
        String id = "g-" + UUID.randomUUID();
        writeStraightToTheTopic(id, "{\"id\":\"" + id + "\",\"origin\":\"api\",\"owner\":\"public-security\","
                + "\"dataset\":\"" + TestData.DATASET + "\",\"fields\":[\"name\"],\"purposes\":[\"" + PURPOSE + "\"]}", true);
        syncThroughTheApi();
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(RECORD + subject).then().statusCode(200);
        given().auth().oauth2(Tokens.token("market-regulation", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(RECORD + subject).then().statusCode(403);
    }

    @Test
    void whenASignedRecordIsAGrantTheApiWouldRefuseThenItIsIgnoredAndCounted() throws Exception {
        String subject = DisputeApiTest.publishAndRead("567", "祁连");
        long ignoredBefore = grantLog.refusedRecords();
        String id = "g-" + UUID.randomUUID();
        // complete and signed, but its consumer is in no department directory: the API refuses such a grant
        writeStraightToTheTopic(id, grantOfName(id, "rogue-dept"), true);
        syncThroughTheApi();
        TestData.API.as("rogue-dept", "clerk").queryParam("purpose", PURPOSE)
                .when().get(RECORD + subject).then().statusCode(403);
        org.assertj.core.api.Assertions.assertThat(grantLog.refusedRecords()).isEqualTo(ignoredBefore + 1);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'grants' }.data.ignoredRecords", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void whenAnOperatorSignsAGrantWrittenBeforeGrantsWereSignedThenItCountsAgainAndTheSigningIsAudited() throws Exception {
        String subject = DisputeApiTest.publishAndRead("565", "柏舟");
        String id = "g-" + UUID.randomUUID();
        writeStraightToTheTopic(id, grantOfName(id, "legacy-dept"), false);
        syncThroughTheApi();
        given().auth().oauth2(Tokens.token("legacy-dept", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(RECORD + subject).then().statusCode(403);

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream printed = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        String[] listOnly = {"sign", "--operator", "ops-li", "--bootstrap", KafkaTestResource.bootstrapServers(), "--dev-key"};
        org.assertj.core.api.Assertions.assertThat(io.datarun.gateway.grants.GrantSignMain.run(listOnly, printed, System.err))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(out.toString(StandardCharsets.UTF_8)).contains("unsigned " + id)
                .contains("listed only");
        String[] sign = {"sign", "--operator", "ops-li", "--grant", id, "--bootstrap", KafkaTestResource.bootstrapServers(),
            "--dev-key"};
        org.assertj.core.api.Assertions.assertThat(io.datarun.gateway.grants.GrantSignMain.run(sign, printed, System.err))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(out.toString(StandardCharsets.UTF_8)).contains("signed " + id);
        syncThroughTheApi();
        given().auth().oauth2(Tokens.token("legacy-dept", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(RECORD + subject).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("caller", "ops-li")
                .when().get("/api/v1/audit")
                .then().statusCode(200).body("events.action", org.hamcrest.Matchers.hasItem("grant-sign")));
    }
}
