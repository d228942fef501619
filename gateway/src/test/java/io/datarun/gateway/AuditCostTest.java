package io.datarun.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditTrail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Measures what the audit trail adds to a read: one committed Kafka transaction the read waits
 * for. Logs the numbers (docs/security.md quotes a run); asserts only what must hold everywhere.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditCostTest {
    private static final Logger LOG = Logger.getLogger(AuditCostTest.class);
    static final String SUBJECT = TestData.residentId("110105", "19640808", "067");
    static final int N = 200;

    @Inject
    AuditTrail trail;

    static long percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }

    static String micros(List<Long> nanos) {
        return String.format("p50=%.2fms p99=%.2fms", percentile(nanos, 0.5) / 1e6, percentile(nanos, 0.99) / 1e6);
    }

    @Test
    void whenReadsAreAuditedThenEachWaitsForOneCommittedAuditWrite() throws Exception {
        MaritalData.publish(List.of(MaritalData.record(SUBJECT, "MARRIED")));
        String token = Tokens.token("civil-affairs", "clerk");
        String path = "/api/v1/datasets/" + MaritalData.DATASET + "/records/" + SUBJECT;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token)
                .queryParam("purpose", "minimum-living-allowance").when().get(path).then().statusCode(200));
        var caller = new io.datarun.gateway.access.Caller("bench", "civil-affairs", java.util.Set.of("clerk"), java.util.Set.of());
        AuditEntry entry = AuditEntry.of(caller, "read", MaritalData.DATASET, SUBJECT, List.of("maritalStatus"),
                "minimum-living-allowance", "ok", "cost measurement");

        // one token per read: the per-caller rate limit is not what is measured here
        List<String> tokens = IntStream.range(0, N + 50).mapToObj(i -> Tokens.claims("civil-affairs", "clerk")
                .subject("bench-" + i).sign(Tokens.PRIVATE_KEY)).toList();
        for (int i = 0; i < 50; i++) { // warm up both paths
            trail.record(entry);
            given().auth().oauth2(tokens.get(N + i)).queryParam("purpose", "minimum-living-allowance").when().get(path);
        }
        List<Long> writes = new ArrayList<>();
        List<Long> reads = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long start = System.nanoTime();
            trail.record(entry);
            writes.add(System.nanoTime() - start);
            start = System.nanoTime();
            given().auth().oauth2(tokens.get(i)).queryParam("purpose", "minimum-living-allowance").when().get(path)
                    .then().statusCode(200);
            reads.add(System.nanoTime() - start);
        }

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < N / 2; i++) {
                    trail.record(entry);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double perSecond = threads * (N / 2) / ((System.nanoTime() - start) / 1e9);
        pool.shutdown();

        LOG.infof("AUDIT COST sequential audit write %s; whole audited read over HTTP %s; "
                + "%d concurrent writers: %.0f events/s (group commit)", micros(writes), micros(reads), threads, perSecond);
        assertThat(percentile(writes, 0.5)).isLessThan(percentile(reads, 0.5) + Duration.ofSeconds(1).toNanos());
    }
}
