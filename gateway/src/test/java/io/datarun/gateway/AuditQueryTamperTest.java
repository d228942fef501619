package io.datarun.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.gateway.audit.AuditCodec;
import io.datarun.gateway.audit.AuditFilter;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditQuery;
import io.datarun.gateway.audit.AuditTopic;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.audit.CheckedEvent;
import io.datarun.gateway.config.KafkaClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 6, on a real broker: the auditor's query ({@code GET /api/v1/audit} runs
 * exactly {@link AuditQuery#run}) over a drill copy of the audit topic into which someone with
 * write access but without the key replayed a genuine event, appended an altered copy of another and
 * some junk. Both come back flagged, the junk is counted and not served, the writer's own events
 * still verify. (A drill topic, because the gateway's own trail must stay intact for the other tests.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditQueryTamperTest {

    static AuditQuery.Page query(String topic, AuditFilter filter) {
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(KafkaClients.of(KafkaTestResource.bootstrapServers()), true)) {
            return AuditQuery.run(new AuditTopic(consumer, topic), AuditKey.DEV, filter, 100, 500_000, Duration.ofSeconds(30));
        }
    }

    @Test
    void whenEventsAreReplayedAlteredOrJunkIsAppendedThenTheQueryFlagsThemAndStillVerifiesTheRest() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String chain = "query-" + UUID.randomUUID();
        AuditTrail writer = AuditRestoreTest.writer(topic, chain, null); // waits up to 30 s: a loaded test machine
        for (int i = 0; i < 4; i++) {
            writer.record(AuditRestoreTest.read());
        }
        writer.stop();
        List<ConsumerRecord<String, byte[]>> genuine = CommittedTopic.all(topic);
        assertThat(genuine).hasSize(4);
        AuditFilter all = new AuditFilter(null, null, null, null, null);
        AuditQuery.Page before = query(topic, all);
        assertThat(before.events()).hasSize(4).allMatch(CheckedEvent::verified);
        assertThat(before.unverified()).isZero();

        String department = "\"department\":\"civil-affairs\"";
        String altered = new String(genuine.get(2).value(), StandardCharsets.UTF_8);
        assertThat(altered).contains(department);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaTestResource.bootstrapServers(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, chain, genuine.get(1).value())).get();
            producer.send(new ProducerRecord<>(topic, 0, chain, "{\"junk\":true}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, 0, chain, altered.replace(department, "\"department\":\"public-security\"")
                    .getBytes(StandardCharsets.UTF_8))).get();
        }

        AuditQuery.Page after = query(topic, all);
        assertThat(after.events()).hasSize(6);
        assertThat(after.unreadable()).isEqualTo(1);
        assertThat(after.unverified()).isEqualTo(2);
        CheckedEvent alteredCopy = after.events().get(0);
        assertThat(alteredCopy.department()).isEqualTo("public-security");
        assertThat(alteredCopy.verified()).isFalse();
        assertThat(alteredCopy.problems()).anySatisfy(p -> assertThat(p).contains("hash does not match"));
        CheckedEvent replayed = after.events().get(1);
        assertThat(replayed.eventId()).isEqualTo(AuditCodec.decode(genuine.get(1).value()).eventId());
        assertThat(replayed.verified()).isFalse();
        assertThat(replayed.problems()).singleElement().asString().contains("prevHash");
        assertThat(after.events().subList(2, 6)).allMatch(CheckedEvent::verified);

        // filtered to the caller: the same flags, the links checked against events the filter does not return
        AuditQuery.Page forged = query(topic, new AuditFilter(null, "public-security", null, null, null));
        assertThat(forged.events()).singleElement().satisfies(e -> assertThat(e.verified()).isFalse());
    }
}
