package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;

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
import io.datarun.gateway.failure.Unavailable;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Several audit chains per replica (issue 13): each chain has its own writer, transactional
 * producer, head and anchor, so their commits overlap. Every chain verifies on its own, a request's
 * events stay together in one chain, a restart resumes every chain without a fork, chain 0 keeps
 * the replica's name when the count changes either way, a second process fences the first chain
 * by chain, and the verify API and tool name every chain. The writers here use drill topics, so
 * the counts are exact; the gateway under test writes its own chains (four in the test profile).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditChainsTest {
    static final Caller CALLER = new Caller("user-x", "civil-affairs", Set.of("clerk"), Set.of());
    /** The request the calling thread serves, as the gateway's request scope would say. */
    static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
    static final RequestIdSource CURRENT = () -> Optional.ofNullable(REQUEST.get());

    static AuditTrail writer(String topic, String replica, int chains, Path anchor) {
        // waits up to 30 s for a write: the default 2 s is a request's budget, too short on a loaded test machine
        AuditTrail trail = new AuditTrail(KafkaClients.of(KafkaTestResource.bootstrapServers()), TestData.TOPICS, replica,
                Clock.systemUTC(), CURRENT, AuditKey.DEV, Duration.ofSeconds(30)).withChains(chains).anchorAt(anchor)
                .onTopic(topic);
        trail.start();
        return trail;
    }

    static AuditEntry entry(String detail) {
        return AuditEntry.of(CALLER, AuditAction.READ, TestData.DATASET, null, List.of("name"), "minimum-living-allowance",
                AuditOutcome.OK, detail);
    }

    /** A request id whose events go to chain {@code index} of {@code chains}. */
    static String requestFor(int index, int chains) {
        for (int i = 0; ; i++) {
            String id = "request-" + index + "-" + i + "-" + UUID.randomUUID();
            if (AuditTrail.chainIndex(id, chains) == index) {
                return id;
            }
        }
    }

    /** Records the entries as the request {@code requestId}. */
    static void recordAs(AuditTrail trail, String requestId, List<AuditEntry> entries) {
        REQUEST.set(requestId);
        try {
            trail.record(entries);
        } finally {
            REQUEST.remove();
        }
    }

    /** {@code ./datarun audit verify} on the topic: what it printed; fails unless it exits {@code expectedExit}. */
    static String verifyTool(String topic, int expectedExit) {
        StringBuilder output = new StringBuilder();
        int exit = AuditRestoreTest.audit(List.of("verify", "--bootstrap", KafkaTestResource.bootstrapServers(),
                "--topic", topic, "--dev-key"), output);
        assertThat(exit).as(output.toString()).isEqualTo(expectedExit);
        return output.toString();
    }

    static List<AuditEvent> events(String topic) {
        return CommittedTopic.all(topic).stream().map(ConsumerRecord::value).map(AuditCodec::decode).toList();
    }

    static Map<String, Long> countByChain(String topic) {
        Map<String, Long> counts = new LinkedHashMap<>();
        events(topic).forEach(e -> counts.merge(e.chain(), 1L, Long::sum));
        return counts;
    }

    @Test
    void whenConcurrentRequestsAreSpreadOverFourChainsThenEachChainVerifiesAndARequestsEventsStayTogether() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String replica = "chains-" + UUID.randomUUID();
        AuditTrail trail = writer(topic, replica, 4, null);
        assertThat(trail.chains()).containsExactly(replica, replica + "~1", replica + "~2", replica + "~3");
        int requests = 48;
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                // one request in four of each chain for sure, the rest wherever their random id falls
                String requestId = r < 4 ? requestFor(r, 4) : "request-" + r + "-" + UUID.randomUUID();
                int request = r;
                done.add(callers.submit(() -> {
                    // three events at once, then one more later in the same request
                    recordAs(trail, requestId, List.of(entry("r=" + request + " n=0"), entry("r=" + request + " n=1"),
                            entry("r=" + request + " n=2")));
                    recordAs(trail, requestId, List.of(entry("r=" + request + " n=3")));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdown();
            trail.stop();
        }

        String printed = verifyTool(topic, 0);
        for (String chain : trail.chains()) {
            assertThat(printed).contains("chain " + chain + ": ").contains("checkpoint " + chain + ":");
        }
        assertThat(printed).contains("OK verified=" + requests * 4);

        Map<String, List<AuditEvent>> byRequest = new LinkedHashMap<>();
        events(topic).forEach(e -> byRequest.computeIfAbsent(e.requestId(), r -> new ArrayList<>()).add(e));
        assertThat(byRequest).hasSize(requests);
        byRequest.forEach((requestId, events) -> {
            assertThat(events).as(requestId).hasSize(4);
            assertThat(events).as("every event of %s in one chain", requestId).extracting(AuditEvent::chain)
                    .containsOnly(trail.chains().get(AuditTrail.chainIndex(requestId, 4)));
            // the three recorded at once follow each other in their chain
            assertThat(events.subList(0, 3)).extracting(AuditEvent::detail).allMatch(d -> d.matches("r=\\d+ n=[012]"));
            assertThat(events.get(1).seq()).isEqualTo(events.get(0).seq() + 1);
            assertThat(events.get(2).seq()).isEqualTo(events.get(1).seq() + 1);
        });
    }

    @Test
    void whenAReplicaRestartsWithItsChainsThenEveryChainResumesWhereItEnded() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String replica = "restart-" + UUID.randomUUID();
        Path anchor = Files.createTempDirectory("audit-chains").resolve("audit-anchor-" + replica);
        AuditTrail first = writer(topic, replica, 3, anchor);
        for (int i = 0; i < 3; i++) {
            recordAs(first, requestFor(i, 3), List.of(entry("before"), entry("before")));
        }
        first.stop();
        for (String chain : first.chains()) {
            // each chain keeps its anchor beside chain 0's, named after the chain
            assertThat(Files.readString(anchor.resolveSibling("audit-anchor-" + chain))).startsWith(chain + ":1:");
        }

        AuditTrail restarted = writer(topic, replica, 3, anchor);
        for (int i = 0; i < 3; i++) {
            recordAs(restarted, requestFor(i, 3), List.of(entry("after")));
        }
        restarted.stop();

        String printed = verifyTool(topic, 0);
        assertThat(countByChain(topic)).containsOnly(Map.entry(replica, 3L), Map.entry(replica + "~1", 3L),
                Map.entry(replica + "~2", 3L));
        for (String chain : restarted.chains()) {
            assertThat(printed).contains("checkpoint " + chain + ":2:");
        }
    }

    @Test
    void whenTheChainCountGoesFromOneToFourAndBackThenChainZeroGoesOnUnbroken() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String replica = "resize-" + UUID.randomUUID();
        Path anchor = Files.createTempDirectory("audit-chains").resolve("audit-anchor-" + replica);
        AuditTrail single = writer(topic, replica, 1, anchor);
        recordAs(single, requestFor(0, 4), List.of(entry("one chain")));
        recordAs(single, requestFor(3, 4), List.of(entry("one chain"))); // chain 3 of four, chain 0 of one
        single.stop();
        assertThat(single.chains()).containsExactly(replica);

        AuditTrail four = writer(topic, replica, 4, anchor);
        for (int i = 0; i < 4; i++) {
            recordAs(four, requestFor(i, 4), List.of(entry("four chains")));
        }
        four.stop();

        AuditTrail back = writer(topic, replica, 1, anchor);
        recordAs(back, requestFor(2, 4), List.of(entry("one chain again")));
        back.stop();
        // and once more four: the further chains resume from their heads and anchors, not from scratch
        AuditTrail again = writer(topic, replica, 4, anchor);
        recordAs(again, requestFor(1, 4), List.of(entry("four again")));
        again.stop();

        verifyTool(topic, 0);
        assertThat(countByChain(topic)).containsOnly(Map.entry(replica, 4L), Map.entry(replica + "~1", 2L),
                Map.entry(replica + "~2", 1L), Map.entry(replica + "~3", 1L));
        List<AuditEvent> chainZero = events(topic).stream().filter(e -> e.chain().equals(replica)).toList();
        assertThat(chainZero).extracting(AuditEvent::seq).containsExactly(0L, 1L, 2L, 3L);
        assertThat(chainZero).extracting(AuditEvent::detail)
                .containsExactly("one chain", "one chain", "four chains", "one chain again");
    }

    @Test
    void whenASecondProcessWritesTheSameReplicasChainsThenItFencesTheFirstOnEveryChain() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String replica = "fenced-" + UUID.randomUUID();
        AuditTrail first = writer(topic, replica, 2, null);
        AuditTrail second = null;
        try {
            for (int i = 0; i < 2; i++) {
                recordAs(first, requestFor(i, 2), List.of(entry("first")));
            }
            second = writer(topic, replica, 2, null);
            for (int i = 0; i < 2; i++) {
                recordAs(second, requestFor(i, 2), List.of(entry("second")));
            }
            for (int i = 0; i < 2; i++) {
                String requestId = requestFor(i, 2);
                // the first process's producer of this chain was fenced by the second's: its request is not answered
                assertThatThrownBy(() -> recordAs(first, requestId, List.of(entry("zombie"))))
                        .as("chain %d", i).isInstanceOf(Unavailable.class);
            }
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
        verifyTool(topic, 0);
        assertThat(events(topic)).extracting(AuditEvent::detail).doesNotContain("zombie");
        assertThat(countByChain(topic)).containsOnly(Map.entry(replica, 2L), Map.entry(replica + "~1", 2L));
    }

    @Test
    void whenTheGatewaysReadsGoToEveryChainThenTheAuditApiVerifiesAndReportsEachChain() {
        AuditApiTest.readWhenServed();
        int chains = 4; // the test profile's datarun.gateway.audit-chains: the whole suite runs on several chains
        List<String> requestIds = IntStream.range(0, chains).mapToObj(i -> requestFor(i, chains)).toList();
        for (String requestId : requestIds) {
            given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).header("X-Request-Id", requestId)
                    .queryParam("purpose", "minimum-living-allowance")
                    .when().get(AuditApiTest.RECORDS + AuditApiTest.SUBJECT).then().statusCode(200);
        }
        String auditor = Tokens.token("audit-office", "auditor");
        var verified = given().auth().oauth2(auditor).when().get("/api/v1/audit/verify")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("chains", hasKey("gateway"))
                .body("heads", hasKey("gateway"));
        for (int i = 1; i < chains; i++) {
            verified.body("chains", hasKey("gateway~" + i)).body("heads", hasKey("gateway~" + i))
                    .body("chains.'gateway~" + i + "'", greaterThanOrEqualTo(1));
        }
        // the query serves each chain's events checked against their own chain
        given().auth().oauth2(auditor).queryParam("subject", AuditApiTest.SUBJECT).queryParam("caller", "civil-affairs")
                .queryParam("limit", 50)
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("events.verified", everyItem(equalTo(true)))
                .body("unverified", equalTo(0))
                .body("events.findAll { it.requestId in " + toGroovyList(requestIds) + " }.chain.unique().size()",
                        equalTo(chains));
    }

    private static String toGroovyList(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
