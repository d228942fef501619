package io.datarun.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reads summed in memory: the usage report's counts must stay exact per department and purpose. */
class UsageTallyTest {
    static final String DATASET = "public-security.household-registry";
    static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void readsAreSummedPerDatasetDepartmentAndPurposeWithTheLatestTime() {
        UsageTally tally = new UsageTally();
        tally.add(DATASET, "civil-affairs", "minimum-living-allowance", AT.plusSeconds(2));
        tally.add(DATASET, "civil-affairs", "minimum-living-allowance", AT);
        tally.add(DATASET, "civil-affairs", "senior-citizen-allowance", AT);
        tally.add(DATASET, "health", "elderly-health-checkup", AT.plusSeconds(1));
        tally.add("civil-affairs.marital-status", "health", "elderly-health-checkup", AT);

        assertThat(tally.drain()).containsExactlyInAnyOrder(
                new UsageCount(DATASET, "civil-affairs", "minimum-living-allowance", 2, AT.plusSeconds(2)),
                new UsageCount(DATASET, "civil-affairs", "senior-citizen-allowance", 1, AT),
                new UsageCount(DATASET, "health", "elderly-health-checkup", 1, AT.plusSeconds(1)),
                new UsageCount("civil-affairs.marital-status", "health", "elderly-health-checkup", 1, AT));
        assertThat(tally.drain()).as("a drain empties the tally").isEmpty();
    }

    @Test
    void noReadIsLostOrCountedTwiceWhileDrainsRunConcurrently() throws Exception {
        UsageTally tally = new UsageTally();
        int threads = 4;
        int perThread = 50_000;
        List<UsageCount> drained = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String department = t % 2 == 0 ? "civil-affairs" : "health";
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        tally.add(DATASET, department, "minimum-living-allowance", AT);
                    }
                }));
            }
            while (readers.stream().anyMatch(f -> !f.isDone())) {
                drained.addAll(tally.drain());
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            pool.shutdown();
        }
        drained.addAll(tally.drain());

        Map<String, Long> perDepartment = drained.stream()
                .collect(Collectors.groupingBy(UsageCount::department, Collectors.summingLong(UsageCount::reads)));
        assertThat(perDepartment).containsOnly(Map.entry("civil-affairs", 2L * perThread), Map.entry("health", 2L * perThread));
    }

    @Test
    void anAccessLogEventOfAnOlderGatewayCountsOneRead() throws Exception {
        byte[] legacy = JsonSerde.MAPPER.writeValueAsBytes(
                new AccessEvent(DATASET, "110101195803215030", "health", "doc", "elderly-health-checkup", AT));
        assertThat(UsageCount.serde().deserializer().deserialize("t", legacy))
                .isEqualTo(new UsageCount(DATASET, "health", "elderly-health-checkup", 1, AT));
        UsageCount sum = new UsageCount(DATASET, "health", "elderly-health-checkup", 7, AT);
        assertThat(UsageCount.serde().deserializer().deserialize("t", UsageCount.serde().serializer().serialize("t", sum)))
                .isEqualTo(sum);
    }
}
