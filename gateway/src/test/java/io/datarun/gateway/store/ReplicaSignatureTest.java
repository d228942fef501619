package io.datarun.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replica channel's authentication, attacked: wrong secret, altered path, stale, replayed, forged answer. */
class ReplicaSignatureTest {
    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    static final String PATH = "/internal/v1/replica/records/public-security.household-registry/110101195803215030";
    final ReplicaSignature replicas = new ReplicaSignature("shared-replica-secret", Clock.fixed(NOW, ZoneOffset.UTC));

    static ReplicaSignature at(Instant when, String secret) {
        return new ReplicaSignature(secret, Clock.fixed(when, ZoneOffset.UTC));
    }

    static boolean accepts(ReplicaSignature verifier, Map<String, String> headers, String path) {
        return verifier.verify("GET", path, headers.get(ReplicaSignature.REPLICA_HEADER),
                headers.get(ReplicaSignature.DATE_HEADER), headers.get(ReplicaSignature.SIGNATURE_HEADER));
    }

    @Test
    void aSignedRequestIsAcceptedOnceAndItsReplayIsRefused() {
        Map<String, String> headers = at(NOW, "shared-replica-secret").sign("GET", PATH, "gateway-1:8081");
        assertThat(accepts(replicas, headers, PATH)).isTrue();
        assertThat(accepts(replicas, headers, PATH)).as("the same request again").isFalse();
    }

    @Test
    void anotherSecretAnotherPathOrAnotherCallerIsRefused() {
        Map<String, String> wrongSecret = at(NOW, "guessed-secret").sign("GET", PATH, "gateway-1:8081");
        assertThat(accepts(replicas, wrongSecret, PATH)).isFalse();

        Map<String, String> headers = at(NOW, "shared-replica-secret").sign("GET", PATH, "gateway-1:8081");
        assertThat(accepts(replicas, headers, PATH.replace("110101195803215030", "110101195803215049"))).isFalse();
        assertThat(replicas.verify("GET", PATH, "attacker:1", headers.get(ReplicaSignature.DATE_HEADER),
                headers.get(ReplicaSignature.SIGNATURE_HEADER))).isFalse();
        assertThat(replicas.verify("GET", PATH, null, null, null)).isFalse();
    }

    @Test
    void aRequestOlderOrNewerThanTheAllowedSkewIsRefused() {
        Map<String, String> old = at(NOW.minus(ReplicaSignature.MAX_SKEW).minusSeconds(1), "shared-replica-secret")
                .sign("GET", PATH, "gateway-1:8081");
        Map<String, String> future = at(NOW.plus(ReplicaSignature.MAX_SKEW).plusSeconds(1), "shared-replica-secret")
                .sign("GET", PATH, "gateway-1:8081");
        assertThat(accepts(replicas, old, PATH)).isFalse();
        assertThat(accepts(replicas, future, PATH)).isFalse();
    }

    @Test
    void anAnswerIsTakenOnlyWithTheSignatureOfTheRequestItAnswers() {
        byte[] record = "avro bytes".getBytes(StandardCharsets.UTF_8);
        String request = at(NOW, "shared-replica-secret").sign("GET", PATH, "gateway-1:8081")
                .get(ReplicaSignature.SIGNATURE_HEADER);
        String answer = replicas.signAnswer(request, 200, record);

        assertThat(replicas.verifyAnswer(request, 200, record, answer)).isTrue();
        assertThat(replicas.verifyAnswer(request, 200, "forged".getBytes(StandardCharsets.UTF_8), answer)).isFalse();
        assertThat(replicas.verifyAnswer(request, 404, record, answer)).isFalse();
        assertThat(replicas.verifyAnswer("another-request", 200, record, answer)).isFalse();
        assertThat(replicas.verifyAnswer(request, 200, record, null)).isFalse();
    }
}
