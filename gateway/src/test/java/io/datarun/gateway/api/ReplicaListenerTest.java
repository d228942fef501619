package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.gateway.store.ReplicaClient;
import io.datarun.gateway.store.ReplicaSignature;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 13: the internal replica listener called with and without a valid signature.
 * Signed with the replicas' secret, fresh and new, a read is answered (the positive control) with a
 * signed answer and audited; unsigned, signed with another secret, stale, replayed, or with the
 * signature of another path, caller or a digit changed, it is a bare 404 — as on the public port.
 */
@QuarkusTest
@TestProfile(ReplicaProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class ReplicaListenerTest {
    static final String DATASET = "public-security.household-registry";

    static String internal() {
        return "http://127.0.0.1:" + ReplicaProfile.INTERNAL_PORT;
    }

    static String path(String subject) {
        return ReplicaClient.PATH + URLEncoder.encode(DATASET, StandardCharsets.UTF_8) + "/" + subject;
    }

    static Response get(String path, Map<String, String> headers) {
        return given().baseUri(internal()).headers(headers).urlEncodingEnabled(false).when().get(path);
    }

    @Test
    void whenTheInternalListenerIsCalledThenOnlyFreshRequestsSignedWithTheReplicaSecretAreAnswered() throws Exception {
        String subject = io.datarun.gateway.api.TestDataAccess.residentId("110105", "19520202", "033");
        io.datarun.gateway.api.TestDataAccess.publishResident(subject, "周丽华");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("public-security", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + DATASET + "/records/" + subject).then().statusCode(200));
        ReplicaSignature replicas = new ReplicaSignature(ReplicaProfile.REPLICA_SECRET, Clock.systemUTC());
        String path = path(subject);

        // positive control: what another replica sends is answered, and the answer is signed
        Map<String, String> signed = replicas.sign("GET", path, "replica-b:8090");
        Response answered = get(path, signed);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.asByteArray()).isNotEmpty();
        assertThat(replicas.verifyAnswer(signed.get(ReplicaSignature.SIGNATURE_HEADER), 200, answered.asByteArray(),
                answered.header(ReplicaSignature.SIGNATURE_HEADER))).as("answer signed with the secret").isTrue();

        // replayed: the same signed request again
        assertThat(get(path, signed).statusCode()).as("replayed").isEqualTo(404);
        // no signature at all
        assertThat(get(path, Map.of()).statusCode()).as("unsigned").isEqualTo(404);
        assertThat(get(path, Map.of(ReplicaSignature.REPLICA_HEADER, "replica-b:8090")).statusCode()).as("caller only").isEqualTo(404);
        // signed with another secret
        assertThat(get(path, new ReplicaSignature("a-guessed-secret", Clock.systemUTC()).sign("GET", path, "replica-c:8090"))
                .statusCode()).as("wrong secret").isEqualTo(404);
        // stale: signed a minute ago
        assertThat(get(path, new ReplicaSignature(ReplicaProfile.REPLICA_SECRET, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-60)))
                .sign("GET", path, "replica-d:8090")).statusCode()).as("stale").isEqualTo(404);
        // altered: another subject's path under a valid signature, another caller, one digit of the signature
        String other = path(io.datarun.gateway.api.TestDataAccess.residentId("110105", "19520202", "051"));
        assertThat(get(other, replicas.sign("GET", path, "replica-e:8090")).statusCode()).as("path altered").isEqualTo(404);
        Map<String, String> recalled = new HashMap<>(replicas.sign("GET", path, "replica-f:8090"));
        recalled.put(ReplicaSignature.REPLICA_HEADER, "replica-g:8090");
        assertThat(get(path, recalled).statusCode()).as("caller altered").isEqualTo(404);
        Map<String, String> flipped = new HashMap<>(replicas.sign("GET", path, "replica-h:8090"));
        String signature = flipped.get(ReplicaSignature.SIGNATURE_HEADER);
        flipped.put(ReplicaSignature.SIGNATURE_HEADER, (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));
        assertThat(get(path, flipped).statusCode()).as("signature altered").isEqualTo(404);
        // the public port has no replica channel, even signed
        assertThat(given().headers(replicas.sign("GET", path, "replica-i:8090")).urlEncodingEnabled(false).when().get(path)
                .statusCode()).as("public port").isEqualTo(404);

        // the one read served is in the audit trail, by the calling replica
        List<String> served = given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", subject)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath()
                .getList("events.findAll { it.action == 'replica-read' }.user");
        assertThat(served).containsExactly("replica replica-b:8090");
    }
    @Test
    void whenAReplicaAsksWhoIsFiledUnderAHouseholdNumberThenOnlyASignedRequestIsAnsweredAndItIsAudited() throws Exception {
        String household = "HH-REPLICA-071";
        String first = TestData.residentId("110105", "19520303", "071");
        String second = TestData.residentId("110105", "19520303", "073");
        for (String id : List.of(first, second)) {
            Map<String, Object> resident = new HashMap<>(TestData.resident(id, "户内成员", "MALE", "北京市朝阳区光华路7号"));
            resident.put("householdNumber", household);
            TestData.publish(resident);
        }
        ReplicaSignature replicas = new ReplicaSignature(ReplicaProfile.REPLICA_SECRET, Clock.systemUTC());
        String path = ReplicaClient.INDEX_PATH + URLEncoder.encode(DATASET, StandardCharsets.UTF_8) + "/householdNumber/"
                + household;

        // positive control: a peer finds both members on this replica's partitions, in a signed answer
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, String> signed = replicas.sign("GET", path, "replica-b:8090");
            Response answered = get(path, signed);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.asString().lines().toList()).containsExactly(first, second);
            assertThat(replicas.verifyAnswer(signed.get(ReplicaSignature.SIGNATURE_HEADER), 200, answered.asByteArray(),
                    answered.header(ReplicaSignature.SIGNATURE_HEADER))).as("answer signed with the secret").isTrue();
        });
        assertThat(get(path, Map.of()).statusCode()).as("unsigned").isEqualTo(404);
        assertThat(get(path, new ReplicaSignature("a-guessed-secret", Clock.systemUTC()).sign("GET", path, "replica-c:8090"))
                .statusCode()).as("wrong secret").isEqualTo(404);
        String unindexed = ReplicaClient.INDEX_PATH + URLEncoder.encode(DATASET, StandardCharsets.UTF_8) + "/gender/MALE";
        assertThat(get(unindexed, replicas.sign("GET", unindexed, "replica-b:8090")).statusCode())
                .as("a field no form looks records up by is not indexed: nothing to scan on a peer's behalf").isEqualTo(404);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given()
                .auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("dataset", DATASET)
                .queryParam("caller", "replica replica-b:8090").when().get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().<String>getList("events.detail")).contains("index=householdNumber subjects=2"));
    }
}
