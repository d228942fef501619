package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditCodec;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditEvent;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.audit.RequestIdSource;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Several replicas' chains in the one audit partition, a replica restarting, and a writer dying
 * in the middle of a transaction: every chain must still verify. The extra replicas are writers
 * of their own chain names next to the gateway under test, on the same broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditReplicasTest {
    static final Caller CALLER = new Caller("user-x", "civil-affairs", Set.of("clerk"), Set.of());

    static AuditTrail replica(String chain) {
        AuditTrail trail = new AuditTrail(KafkaClients.of(KafkaTestResource.bootstrapServers()), TestData.TOPICS, chain, Clock.systemUTC(),
                RequestIdSource.NONE, AuditKey.DEV);
        trail.start();
        return trail;
    }

    static AuditEntry entry(int i) {
        return AuditEntry.of(CALLER, AuditAction.READ, MaritalData.DATASET, TestData.residentId("110105", "19500101", "001"),
                List.of("maritalStatus"), "minimum-living-allowance", AuditOutcome.OK, "n=" + i);
    }

    static void gatewayRead() {
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + MaritalData.DATASET + "/records/"
                        + TestData.residentId("110105", "19500101", "001"))
                .then().statusCode(404);
    }

    @Test
    void whenReplicasInterleaveAndOneRestartsThenEveryChainVerifies() {
        String b = "replica-b-" + UUID.randomUUID();
        String c = "replica-c-" + UUID.randomUUID();
        AuditTrail first = replica(b);
        AuditTrail other = replica(c);
        for (int i = 0; i < 5; i++) {
            first.record(entry(i));
            other.record(List.of(entry(i), entry(i)));
            gatewayRead(); // the gateway's own chain, in between
        }
        first.stop();
        AuditTrail restarted = replica(b); // re-reads its head from the topic
        for (int i = 5; i < 8; i++) {
            restarted.record(entry(i));
            other.record(entry(i));
        }
        restarted.stop();
        other.stop();

        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .when().get("/api/v1/audit/verify")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("firstBroken", nullValue())
                .body("chains.'" + b + "'", equalTo(8))
                .body("chains.'" + c + "'", equalTo(13));
    }

    @Test
    void whenAWriterDiesInTheMiddleOfATransactionThenItsSuccessorAbortsItAndTheChainStaysIntact() {
        String d = "replica-d-" + UUID.randomUUID();
        KafkaProducer<String, byte[]> dying = new KafkaProducer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(),
                "transactional.id", "datarun-gateway-audit-" + d),
                new StringSerializer(), new ByteArraySerializer());
        dying.initTransactions();
        dying.beginTransaction();
        AuditEvent half = AuditCodec.seal(new AuditEvent(UUID.randomUUID().toString(), d, 0, Instant.now(), "r", "read",
                "user-x", "civil-affairs", MaritalData.DATASET, null, List.of(), "minimum-living-allowance", "ok", null,
                AuditEvent.GENESIS, null), AuditKey.DEV);
        dying.send(new ProducerRecord<>(Topics.AUDIT, 0, d, AuditCodec.encode(half)));
        dying.flush(); // written, never committed: the process "dies" here

        AuditTrail successor = replica(d); // fences the dying producer and aborts its transaction
        successor.record(entry(0));
        successor.record(entry(1));
        successor.stop();
        assertThatThrownBy(dying::commitTransaction).isInstanceOf(KafkaException.class);
        dying.close();

        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .when().get("/api/v1/audit/verify")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("chains.'" + d + "'", equalTo(2));
    }
}
