package io.datarun.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.gateway.api.CommittedTopic;
import io.datarun.gateway.api.KafkaTestResource;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The access log on a real broker: every read is one event on the reads topic, keyed by its record,
 * and the reads' counts reach the access log summed, exactly, also when the gateway stops before a
 * flush was due.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AccessLogTest {
    static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void everyReadIsAnEventOfItsRecordAndTheCountsAreSentSummedAndExactAtStop() {
        String dataset = "access-log-test-" + UUID.randomUUID(); // a dataset of its own: the suite's gateway logs reads too
        AccessLog log = new AccessLog(KafkaClients.of(KafkaTestResource.bootstrapServers()));
        for (int i = 0; i < 5; i++) {
            log.record(new AccessEvent(dataset, "110101195803215030", "civil-affairs", "clerk-1", "minimum-living-allowance",
                    AT.plusSeconds(i)));
        }
        log.record(new AccessEvent(dataset, "110105194710100518", "health", "doc-1", "elderly-health-checkup", AT));
        log.record(new AccessEvent(dataset, "110105194710100518", "civil-affairs", "clerk-1", "senior-citizen-allowance", AT));
        log.close(); // before or after the first scheduled flush: nothing summed may be lost

        Map<String, Long> counted = CommittedTopic.all(Topics.ACCESS_LOG).stream()
                .filter(r -> dataset.equals(r.key()))
                .map(r -> UsageCount.serde().deserializer().deserialize(Topics.ACCESS_LOG, r.value()))
                .collect(Collectors.groupingBy(c -> c.department() + "/" + c.purpose(), Collectors.summingLong(UsageCount::reads)));
        assertThat(counted).containsOnly(Map.entry("civil-affairs/minimum-living-allowance", 5L),
                Map.entry("health/elderly-health-checkup", 1L), Map.entry("civil-affairs/senior-citizen-allowance", 1L));

        List<ConsumerRecord<String, byte[]>> reads = CommittedTopic.all(Topics.READS).stream()
                .filter(r -> r.key().startsWith(dataset + "|")).toList();
        assertThat(reads).extracting(ConsumerRecord::key).containsOnly(
                SubjectReads.key(dataset, "110101195803215030"), SubjectReads.key(dataset, "110105194710100518"));
        assertThat(reads).hasSize(7);
        assertThat(reads.stream().filter(r -> r.key().endsWith("110105194710100518"))
                .map(r -> SubjectReadLog.read(r.value()).department()))
                .containsExactlyInAnyOrder("health", "civil-affairs");
    }
}
