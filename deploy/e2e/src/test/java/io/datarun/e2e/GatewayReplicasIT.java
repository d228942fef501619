package io.datarun.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.demo.DemoResident;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway replicas share the serving state by partition: each hosts some partitions, and
 * either answers any read, forwarding to the replica that hosts the subject.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayReplicasIT {
    /** The replicas' shared Kafka Streams application id (the gateway's default), so their group id. */
    private static final String GROUP = "datarun-gateway";

    @RegisterExtension
    static final E2eStack STACK = new E2eStack(300, 100, 2);

    private static Response read(int replica, String subject) {
        return STACK.apiOf(replica).as("civil-affairs", "clerk")
                .queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + E2eStack.DATASET + "/records/" + subject);
    }

    @Test
    @Order(1)
    void whenTwoReplicasRunThenEachAnswersEveryReadWhicheverHostsTheSubject() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(90));
        List<DemoResident> sample = STACK.residents().stream().filter(r -> !r.isBad()).limit(30).toList();
        for (DemoResident resident : sample) {
            for (int replica = 0; replica < 2; replica++) {
                int r = replica;
                // while the two replicas settle their partitions a read may answer 503 store-rebalancing
                Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> read(r, resident.residentId()), res -> res.statusCode() != 503);
                assertThat(response.statusCode()).as("replica %d reading %s", r, resident.residentId()).isEqualTo(200);
                assertThat(response.jsonPath().getString("fields.name")).isEqualTo(resident.name());
            }
        }
        // one replica hosts the subject, so one of these two reads is forwarded (from the event loop to
        // a worker thread of the request): both are audited under the id the caller gave its request
        DemoResident first = sample.get(0);
        List<String> ids = List.of("e2e-read-at-0-" + System.nanoTime(), "e2e-read-at-1-" + System.nanoTime());
        for (int replica = 0; replica < 2; replica++) {
            Response response = STACK.apiOf(replica).as("civil-affairs", "clerk").header("X-Request-Id", ids.get(replica))
                    .queryParam("purpose", "minimum-living-allowance")
                    .when().get("/api/v1/datasets/" + E2eStack.DATASET + "/records/" + first.residentId());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.header("X-Request-Id")).isEqualTo(ids.get(replica));
        }
        List<Map<String, Object>> events = STACK.apiOf(0).as("data-administration", "auditor")
                .queryParam("subject", first.residentId()).when().get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("events");
        for (String id : ids) {
            assertThat(events).as("the read of request %s in the audit trail", id).anySatisfy(event -> {
                assertThat(event.get("requestId")).isEqualTo(id);
                assertThat(event.get("action")).isEqualTo("read");
                assertThat(event.get("outcome")).isEqualTo("ok");
            });
        }
    }

    /**
     * A household's members are filed by household number in the index of each records partition, so
     * on two replicas they sit on both: either replica lists every member (asking its peer for those on
     * its partitions) and says the list is complete.
     */
    @Test
    @Order(2)
    void eitherReplicaListsEveryMemberOfAHouseholdWhicheverReplicaHostsThem() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(90));
        Map<String, List<String>> households = new java.util.TreeMap<>();
        STACK.residents().stream().filter(r -> !r.isBad())
                .forEach(r -> households.computeIfAbsent(r.householdNumber(), k -> new java.util.ArrayList<>()).add(r.residentId()));
        List<String> largest = households.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        assertThat(largest).as("the demo population has households of several members").hasSizeGreaterThan(2);
        String applicant = largest.get(0);
        List<String> others = largest.stream().skip(1).sorted().toList();
        for (int replica = 0; replica < 2; replica++) {
            int r = replica;
            Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> STACK.apiOf(r).as("civil-affairs", "clerk").queryParam("subject", applicant)
                            .queryParam("purpose", "minimum-living-allowance")
                            .when().get("/api/v1/forms/minimum-living-allowance/household"), res -> res.statusCode() != 503);
            assertThat(response.statusCode()).as("replica %d", r).isEqualTo(200);
            assertThat(response.jsonPath().getList("members.subjectId", String.class)).as("replica %d", r)
                    .containsExactlyElementsOf(others);
            assertThat(response.jsonPath().getBoolean("complete")).as("replica %d", r).isTrue();
        }
    }

    /**
     * The internal listener takes only requests signed with the replicas' secret, signs its answers,
     * refuses a replayed request, and is not on the public port at all. The signature is computed
     * here independently of the gateway's code: HMAC-SHA256 over "request", method, path, caller, date.
     */
    @Test
    @Order(3)
    void theInternalListenerAnswersOnlySignedFreshRequestsAndAuditsThem() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(90));
        String subject = STACK.residents().stream().filter(r -> !r.isBad()).findFirst().orElseThrow().residentId();
        String path = "/internal/v1/replica/records/" + E2eStack.DATASET + "/" + subject;
        int found = 0;
        for (int replica = 0; replica < 2; replica++) {
            String internal = STACK.internalUrl(replica);
            Response signed = await().atMost(Duration.ofSeconds(60)).until(() -> signedGet(internal, path, E2eStack.REPLICA_SECRET),
                    res -> res.statusCode() != 503);
            assertThat(signed.statusCode()).isIn(200, 404);
            assertThat(signed.header("X-Datarun-Replica-Signature")).as("answers are signed").isNotBlank();
            found += signed.statusCode() == 200 ? 1 : 0;

            given().baseUri(internal).when().get(path).then().statusCode(404);
            signedGet(internal, path, "a-guessed-secret").then().statusCode(404);
            Map<String, String> once = headers(path, E2eStack.REPLICA_SECRET);
            given().baseUri(internal).headers(once).when().get(path).then().statusCode(org.hamcrest.Matchers.oneOf(200, 404));
            given().baseUri(internal).headers(once).when().get(path).then().statusCode(404); // replayed
            given(STACK.api(replica)).headers(headers(path, E2eStack.REPLICA_SECRET)).when().get(path).then().statusCode(404);
        }
        assertThat(found).as("exactly one replica hosts the subject's partition").isEqualTo(1);
        // the answering replica audited each signed read it served, naming the calling replica
        List<String> actions = STACK.apiOf(0).as("data-administration", "auditor")
                .queryParam("caller", "replica e2e-test:1").when().get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("events.action");
        assertThat(actions).isNotEmpty().allMatch("replica-read"::equals);
    }

    /**
     * A replica stopped cleanly (a rolling restart, a scale-down) leaves the serving group as it stops,
     * so the other replica takes its partitions over at once instead of after Kafka's session timeout
     * (45 s, during which reads of those partitions answered 503 and a restarted replica stayed
     * REBALANCING); started again, it serves again.
     */
    @Test
    @Order(4)
    void aReplicaStoppedCleanlyLeavesTheGroupSoTheOtherServesEveryReadAndItComesBack() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(90));
        List<DemoResident> sample = STACK.residents().stream().filter(r -> !r.isBad()).limit(20).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> members(admin) == 2);
            PackagedApp replica = STACK.gatewayReplica(1);
            replica.stop(Duration.ofSeconds(60));
            // right after the process ended: a member that had not left would stay listed for 45 s
            await("the stopped replica's member gone from group " + GROUP).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200)).until(() -> members(admin) == 1);
            for (DemoResident resident : sample) {
                Response response = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> read(0, resident.residentId()), res -> res.statusCode() != 503);
                assertThat(response.statusCode()).as("replica 0 alone reading %s", resident.residentId()).isEqualTo(200);
            }
            replica.start();
            replica.awaitReady(E2eStack.START_TIMEOUT);
            await().atMost(Duration.ofSeconds(60)).until(() -> members(admin) == 2);
            for (DemoResident resident : sample) {
                Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> read(1, resident.residentId()), res -> res.statusCode() != 503);
                assertThat(response.statusCode()).as("restarted replica reading %s", resident.residentId()).isEqualTo(200);
            }
        }
    }

    private static int members(Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get().members().size();
    }

    private static Response signedGet(String base, String path, String secret) throws Exception {
        return given().baseUri(base).headers(headers(path, secret)).when().get(path);
    }

    private static Map<String, String> headers(String path, String secret) throws Exception {
        String caller = "e2e-test:1";
        String date = Long.toString(System.currentTimeMillis());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(String.join("\n", "request", "GET", path, caller, date)
                .getBytes(StandardCharsets.UTF_8)));
        return Map.of("X-Datarun-Replica", caller, "X-Datarun-Replica-Date", date, "X-Datarun-Replica-Signature", signature);
    }
}
