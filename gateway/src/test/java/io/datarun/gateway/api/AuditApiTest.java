package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.datarun.gateway.audit.AuditCodec;
import io.datarun.gateway.audit.AuditEvent;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditTopic;
import io.datarun.gateway.audit.AuditVerifyMain;
import io.datarun.gateway.config.KafkaClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditApiTest {
    static final String SUBJECT = TestData.residentId("110105", "19620707", "045");
    static final String RECORDS = "/api/v1/datasets/" + MaritalData.DATASET + "/records/";
    static final String AUDIT = "/api/v1/audit";

    @BeforeAll
    static void publish() throws Exception {
        MaritalData.publish(List.of(MaritalData.record(SUBJECT, "MARRIED")));
    }

    /** Reads as the owner until the serving store has the record. */
    static void readWhenServed() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get(RECORDS + SUBJECT).then().statusCode(200));
    }

    @Test
    void whenAReadIsAnsweredThenItsEventIsAlreadyInTheTrailAndTheChainVerifies() {
        readWhenServed();
        String requestId = "read-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.token("public-security", "clerk")).header("X-Request-Id", requestId)
                .queryParam("purpose", "minimum-living-allowance")
                .when().get(RECORDS + SUBJECT)
                .then().statusCode(200).header("X-Request-Id", requestId);
        // no waiting: the event was committed to Kafka before the read was answered
        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("subject", SUBJECT).queryParam("caller", "public-security")
                .when().get(AUDIT)
                .then().statusCode(200)
                .body("events[0].requestId", equalTo(requestId))
                .body("events[0].action", equalTo("read"))
                .body("events[0].outcome", equalTo("ok"))
                .body("events[0].user", equalTo("user-public-security"))
                .body("events[0].department", equalTo("public-security"))
                .body("events[0].dataset", equalTo(MaritalData.DATASET))
                .body("events[0].purpose", equalTo("minimum-living-allowance"))
                .body("events[0].fields", equalTo(List.of("divisionCode", "maritalStatus", "residentId")))
                .body("events[0].hash", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"))
                // issue 12, finding 6: each event served says it checked out (the tampered ones: AuditQueryTamperTest)
                .body("events.verified", everyItem(equalTo(true)))
                .body("events[0].problems", equalTo(List.of()))
                .body("unverified", equalTo(0));

        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .when().get(AUDIT + "/verify")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("verified", greaterThanOrEqualTo(2))
                .body("firstBroken", nullValue());
    }

    @Test
    void whenAReadIsRefusedThenTheRefusalIsAuditedWithItsOutcome() {
        readWhenServed();
        given().auth().oauth2(Tokens.token("market-regulation", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get(RECORDS + SUBJECT).then().statusCode(403);
        String other = TestData.residentId("110105", "19700101", "001");
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get(RECORDS + other).then().statusCode(404);

        String auditor = Tokens.token("audit-office", "auditor");
        given().auth().oauth2(auditor).queryParam("caller", "market-regulation").queryParam("subject", SUBJECT)
                .when().get(AUDIT)
                .then().statusCode(200)
                .body("events[0].outcome", equalTo("refused-no-grant"))
                .body("events[0].fields", equalTo(List.of()));
        given().auth().oauth2(auditor).queryParam("subject", other)
                .when().get(AUDIT)
                .then().statusCode(200).body("events[0].outcome", equalTo("not-found"));
    }

    @Test
    void whenAnAuditorQueriesBySubjectThenOnlyThatSubjectsEventsComeNewestFirst() {
        readWhenServed();
        readWhenServed();
        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("subject", SUBJECT).queryParam("dataset", MaritalData.DATASET).queryParam("limit", 2)
                .when().get(AUDIT)
                .then().statusCode(200)
                .body("count", equalTo(2))
                .body("events.subjectId", everyItem(equalTo(SUBJECT)))
                .body("events.dataset", everyItem(equalTo(MaritalData.DATASET)));
        List<Map<String, Object>> events = given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("subject", SUBJECT).when().get(AUDIT).then().extract().path("events");
        // newest first is the topic's order; seq counts within a chain, and a replica writes several
        Map<String, List<Integer>> seqsByChain = new java.util.LinkedHashMap<>();
        events.forEach(e -> seqsByChain.computeIfAbsent((String) e.get("chain"), c -> new ArrayList<>()).add((Integer) e.get("seq")));
        assertThat(seqsByChain).isNotEmpty();
        seqsByChain.values().forEach(seqs -> assertThat(seqs).isSortedAccordingTo((a, b) -> Integer.compare(b, a)));
    }

    @Test
    void whenTheQueryIsMalformedThenBadRequestNamesTheParameter() {
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("from", "yesterday")
                .when().get(AUDIT).then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("limit", "100000")
                .when().get(AUDIT).then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void whenCallerIsNotAnAuditorThenTheTrailIsRefused() {
        for (String path : List.of(AUDIT, AUDIT + "/verify")) {
            given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("subject", SUBJECT)
                    .when().get(path).then().statusCode(403).body("code", equalTo("role-required"));
            given().auth().oauth2(Tokens.token("platform", "admin"))
                    .when().get(path).then().statusCode(403).body("code", equalTo("role-required"));
            given().queryParam("subject", SUBJECT)
                    .when().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void whenAuditorsLookThenTheirQueriesAreAuditedToo() {
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", SUBJECT)
                .when().get(AUDIT).then().statusCode(200);
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("caller", "audit-office")
                .when().get(AUDIT).then().statusCode(200)
                .body("events[0].action", equalTo("audit-query"))
                .body("events[0].detail", startsWith("subject=" + SUBJECT + " limit=100 returned="));
    }

    @Test
    void whenAnAuditorBringsACheckpointThenACutOffTailIsNamed() {
        readTimes(2);
        String auditor = Tokens.token("audit-office", "auditor");
        io.restassured.path.json.JsonPath first = given().auth().oauth2(auditor).when().get(AUDIT + "/verify")
                .then().statusCode(200).body("ok", equalTo(true)).extract().jsonPath();
        // one of the gateway's chains ("gateway", "gateway~1", ...): the reads above went to one of them
        String chain = first.getMap("heads").keySet().stream().map(String::valueOf)
                .filter(c -> c.equals("gateway") || c.startsWith("gateway~")).findFirst().orElseThrow();
        long seq = first.getLong("heads.'" + chain + "'.seq");
        String hash = first.getString("heads.'" + chain + "'.hash");

        given().auth().oauth2(auditor).queryParam("checkpoint", chain + ":" + seq + ":" + hash)
                .when().get(AUDIT + "/verify").then().statusCode(200).body("ok", equalTo(true));
        // a checkpoint the chain no longer reaches: what an auditor sees after the tail was deleted
        given().auth().oauth2(auditor).queryParam("checkpoint", chain + ":" + (seq + 1_000_000) + ":" + "a".repeat(64))
                .when().get(AUDIT + "/verify").then().statusCode(200)
                .body("ok", equalTo(false))
                .body("firstBroken.reason", org.hamcrest.Matchers.containsString("truncated"));
        // the same position with another hash: the chain was rebuilt after the checkpoint
        given().auth().oauth2(auditor).queryParam("checkpoint", chain + ":" + seq + ":" + "b".repeat(64))
                .when().get(AUDIT + "/verify").then().statusCode(200)
                .body("ok", equalTo(false))
                .body("firstBroken.reason", org.hamcrest.Matchers.containsString("differs from the checkpoint"));
        given().auth().oauth2(auditor).queryParam("checkpoint", "gateway-no-seq")
                .when().get(AUDIT + "/verify").then().statusCode(400)
                .body("code", equalTo("invalid-parameter"))
                .body("errors[0].field", equalTo("checkpoint[0]"));
    }

    /**
     * Reads the record {@code times} times as its owner, all under one request id: the gateway
     * writes a request id's events to one of its chains, so that chain holds at least that many.
     */
    static void readTimes(int times) {
        readWhenServed();
        String requestId = "read-times-" + UUID.randomUUID();
        for (int i = 0; i < times; i++) {
            given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).header("X-Request-Id", requestId)
                    .queryParam("purpose", "minimum-living-allowance")
                    .when().get(RECORDS + SUBJECT).then().statusCode(200);
        }
    }

    /** The first {@code n} stored audit events of the first of the gateway's chains to hold that many, as Kafka holds them. */
    static List<ConsumerRecord<String, byte[]>> firstStoredEvents(int n) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byChain = new java.util.HashMap<>();
        List<List<ConsumerRecord<String, byte[]>>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(KafkaClients.of(KafkaTestResource.bootstrapServers()), true)) {
            AuditTopic topic = AuditTopic.of(consumer);
            topic.forward(topic.beginning(), topic.end(), Duration.ofSeconds(30), record -> {
                // the gateway's own chains: other tests write other replicas' chains into the same topic
                if ("gateway".equals(record.key()) || record.key().startsWith("gateway~")) {
                    List<ConsumerRecord<String, byte[]>> events = byChain.computeIfAbsent(record.key(), c -> new ArrayList<>());
                    events.add(record);
                    if (events.size() == n) {
                        found.add(events);
                    }
                }
                return found.isEmpty();
            });
        }
        assertThat(found).as("a chain of the gateway holding %d events", n).hasSize(1);
        return found.get(0);
    }

    /** Writes values to a fresh one-partition topic (offsets 0, 1, ...) and runs ./datarun audit verify on it. */
    static String verifyCopy(List<byte[]> values, int expectedExit) throws Exception {
        String topic = "datarun._audit-copy-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                // stored under its chain's name, as the gateway stores it (the verifier checks the key)
                producer.send(new ProducerRecord<>(topic, 0, AuditCodec.decode(value).chain(), value)).get();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditVerifyMain.run(new String[] {"verify", "--bootstrap", KafkaTestResource.bootstrapServers(),
                "--topic", topic, "--dev-key"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(expectedExit);
        return printed;
    }

    @Test
    void whenOneStoredEventIsAlteredInKafkaThenVerificationNamesTheFirstBrokenEvent() throws Exception {
        readTimes(5);
        List<byte[]> stored = new ArrayList<>(firstStoredEvents(5).stream().map(ConsumerRecord::value).toList());
        assertThat(verifyCopy(stored, 0)).contains("OK verified=5");

        AuditEvent victim = AuditCodec.decode(stored.get(2));
        // the time: every event has one (a refused request's event has no department to alter)
        String altered = new String(stored.get(2), StandardCharsets.UTF_8)
                .replace("\"at\":\"" + victim.at() + "\"", "\"at\":\"2000-01-01T00:00:00Z\"");
        assertThat(altered).contains("2000-01-01T00:00:00Z");
        stored.set(2, altered.getBytes(StandardCharsets.UTF_8));
        assertThat(verifyCopy(stored, 1))
                .contains("BROKEN verified=2 firstBroken.offset=2 firstBroken.eventId=" + victim.eventId())
                .contains("hash does not match");
    }

    @Test
    void whenAForgedEventIsAppendedOrOneIsRemovedThenVerificationNamesIt() throws Exception {
        readTimes(4);
        List<byte[]> stored = firstStoredEvents(4).stream().map(ConsumerRecord::value).toList();
        AuditEvent second = AuditCodec.decode(stored.get(1));
        // a forger re-seals a doctored copy of an earlier event and appends it after the last one
        AuditEvent forged = AuditCodec.seal(new AuditEvent(UUID.randomUUID().toString(), second.chain(), 4, second.at(),
                second.requestId(), second.action(), "forger", second.department(), second.dataset(),
                second.subjectId(), second.fields(), second.purpose(), "ok", null, second.prevHash(), null), AuditKey.DEV);
        List<byte[]> withForgery = new ArrayList<>(stored);
        withForgery.add(AuditCodec.encode(forged));
        assertThat(verifyCopy(withForgery, 1))
                .contains("firstBroken.offset=4 firstBroken.eventId=" + forged.eventId())
                .contains("prevHash");

        List<byte[]> withGap = new ArrayList<>(stored);
        withGap.remove(2);
        AuditEvent afterGap = AuditCodec.decode(stored.get(3));
        assertThat(verifyCopy(withGap, 1))
                .contains("firstBroken.offset=2 firstBroken.eventId=" + afterGap.eventId());
    }

    @Test
    void whenRecordsArePushedAndDisputedThenEachStepIsAudited() {
        String subject = TestData.residentId("110105", "19660606", "089");
        String auditor = Tokens.token("audit-office", "auditor");
        given().auth().oauth2(Tokens.token("civil-affairs", "publisher")).contentType(io.restassured.http.ContentType.JSON)
                .body(MaritalData.record(subject, "MARRIED"))
                .when().post("/api/v1/datasets/" + MaritalData.DATASET + "/records")
                .then().statusCode(202);
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(io.restassured.http.ContentType.JSON)
                .body(MaritalData.record(subject, "DIVORCED"))
                .when().post("/api/v1/datasets/" + MaritalData.DATASET + "/records")
                .then().statusCode(403);
        given().auth().oauth2(auditor).queryParam("subject", subject).when().get(AUDIT)
                .then().statusCode(200)
                .body("events[0].action", equalTo("push"))
                .body("events[0].outcome", equalTo("accepted"))
                .body("events[0].department", equalTo("civil-affairs"));
        given().auth().oauth2(auditor).queryParam("caller", "public-security").queryParam("dataset", MaritalData.DATASET)
                .when().get(AUDIT)
                .then().statusCode(200)
                .body("events[0].action", equalTo("push"))
                .body("events[0].outcome", equalTo("refused-not-owner"));

        String reader = Tokens.token("public-security", "clerk");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(reader)
                .queryParam("purpose", "minimum-living-allowance").when().get(RECORDS + subject).then().statusCode(200));
        String id = given().auth().oauth2(reader).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("dataset", MaritalData.DATASET, "subjectId", subject, "field", "maritalStatus",
                        "comment", "已离婚", "purpose", "minimum-living-allowance"))
                .when().post("/api/v1/disputes")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.token("civil-affairs", "steward")).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("outcome", "rejected", "reason", "登记记录无误"))
                .when().post("/api/v1/disputes/" + id + "/resolution")
                .then().statusCode(200);
        given().auth().oauth2(auditor).queryParam("subject", subject).when().get(AUDIT)
                .then().statusCode(200)
                .body("events[0].action", equalTo("dispute-resolve"))
                .body("events[0].outcome", equalTo("rejected"))
                .body("events[0].detail", equalTo("dispute=" + id))
                .body("events[1].action", equalTo("dispute-raise"))
                .body("events[1].fields", equalTo(List.of("maritalStatus")))
                .body("events[2].action", equalTo("read")); // raising a dispute is a read first
    }

    @Test
    void verifyAnswersWithTheChainOfThisReplica() {
        readWhenServed();
        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .when().get(AUDIT + "/verify")
                .then().statusCode(200).body("chains.gateway", greaterThanOrEqualTo(1))
                .body("chains", not(org.hamcrest.Matchers.anEmptyMap()));
    }
}
