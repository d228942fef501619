package io.datarun.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditCodec;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditEvent;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.audit.AuditVerifyMain;
import io.datarun.gateway.audit.RequestIdSource;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 8: the audit trail restored from a backup, as the runbook does it (the topic
 * recreated, the copy produced back). The restored chain stops short of the replica's anchor, so
 * the writer fails closed; an operator accepts the restored trail with {@code audit re-anchor},
 * which is itself recorded in the trail, after which the writer goes on and the whole trail
 * verifies. A tampered copy is refused.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditRestoreTest {
    static final Caller CALLER = new Caller("user-x", "civil-affairs", Set.of("clerk"), Set.of());

    static AuditTrail writer(String topic, String chain, Path anchor) {
        AuditTrail trail = new AuditTrail(KafkaClients.of(KafkaTestResource.bootstrapServers()), TestData.TOPICS, chain,
                Clock.systemUTC(), RequestIdSource.NONE, AuditKey.DEV, Duration.ofSeconds(30)).anchorAt(anchor).onTopic(topic);
        trail.start();
        return trail;
    }

    static AuditEntry read() {
        return AuditEntry.of(CALLER, AuditAction.READ, TestData.DATASET, null, List.of("name"), "minimum-living-allowance",
                AuditOutcome.OK, null);
    }

    static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()));
    }

    /** The runbook's restore: delete the topic, create it again, produce the backed-up records back. */
    static void restore(String topic, List<ConsumerRecord<String, byte[]>> backup) throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get();
            // the deletion completes in the controller a little later: create again until the name is free
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsMatching(e -> e.getCause() instanceof TopicExistsException)
                    .until(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get() == null);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaTestResource.bootstrapServers(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : backup) {
                producer.send(new ProducerRecord<>(topic, 0, record.key(), record.value())).get();
            }
        }
    }

    static int audit(List<String> args, StringBuilder output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditVerifyMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        output.append(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        return status;
    }

    static List<String> reanchor(String topic, String chain, Path anchor, String reason) {
        return List.of("re-anchor", "--chain", chain, "--anchor-file", anchor.toString(), "--reason", reason,
                "--operator", "ops-1", "--topic", topic, "--bootstrap", KafkaTestResource.bootstrapServers(), "--dev-key");
    }

    @Test
    void aRestoredTrailIsAcceptedOnlyThroughAnAuditedReanchoringAndThenVerifies() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String chain = "restore-" + UUID.randomUUID();
        Path anchor = Files.createTempDirectory("audit-restore").resolve("audit-anchor-" + chain);
        AuditTrail before = writer(topic, chain, anchor);
        for (int i = 0; i < 5; i++) {
            before.record(read());
        }
        before.stop();
        String anchoredAt = Files.readString(anchor, StandardCharsets.UTF_8).strip().split(" ")[0];
        assertThat(anchoredAt).startsWith(chain + ":4:");

        // the backup was taken after the third event: the last two are lost with the restore
        List<ConsumerRecord<String, byte[]>> backup = new ArrayList<>(CommittedTopic.all(topic)).subList(0, 3);
        restore(topic, backup);

        AuditTrail refused = writer(topic, chain, anchor);
        try {
            assertThatThrownBy(() -> refused.record(read())).as("fails closed on a chain behind its anchor")
                    .isInstanceOf(Unavailable.class);
        } finally {
            refused.stop();
        }

        StringBuilder output = new StringBuilder();
        assertThat(audit(reanchor(topic, chain, anchor, "INC-42 restore of the 2026-12-06 copy"), output))
                .as(output.toString()).isZero();
        assertThat(output).contains("checkpoint " + chain + ":3:").contains("replaces anchor " + anchoredAt);

        AuditTrail after = writer(topic, chain, anchor);
        after.record(read());
        after.stop();

        List<AuditEvent> events = CommittedTopic.all(topic).stream().map(r -> AuditCodec.decode(r.value())).toList();
        assertThat(events).extracting(AuditEvent::seq).containsExactly(0L, 1L, 2L, 3L, 4L);
        AuditEvent reanchoring = events.get(3);
        assertThat(reanchoring.action()).isEqualTo("audit-reanchor");
        assertThat(reanchoring.user()).isEqualTo("ops-1");
        assertThat(reanchoring.detail()).contains("reason=INC-42").contains("replaces anchor=" + anchoredAt)
                .contains("restored head=" + chain + ":2:");
        StringBuilder verified = new StringBuilder();
        assertThat(audit(List.of("verify", "--topic", topic, "--bootstrap", KafkaTestResource.bootstrapServers(),
                "--dev-key"), verified)).as(verified.toString()).isZero();
    }

    @Test
    void aTamperedCopyIsNotAcceptedAndTheAnchorStays() throws Exception {
        String topic = AuditAnchorTest.drillTopic();
        String chain = "tampered-" + UUID.randomUUID();
        Path anchor = Files.createTempDirectory("audit-restore").resolve("audit-anchor-" + chain);
        AuditTrail before = writer(topic, chain, anchor);
        for (int i = 0; i < 3; i++) {
            before.record(read());
        }
        before.stop();
        String anchored = Files.readString(anchor, StandardCharsets.UTF_8);

        List<ConsumerRecord<String, byte[]>> backup = new ArrayList<>(CommittedTopic.all(topic)).subList(0, 2);
        byte[] flipped = backup.get(1).value().clone();
        int at = new String(flipped, StandardCharsets.UTF_8).indexOf("civil-affairs");
        flipped[at] = (byte) 'C'; // a department rewritten in the copy
        restore(topic, List.of(backup.get(0), new ConsumerRecord<>(topic, 0, 1, backup.get(1).key(), flipped)));

        StringBuilder output = new StringBuilder();
        assertThat(audit(reanchor(topic, chain, anchor, "INC-43"), output)).as(output.toString()).isEqualTo(1);
        assertThat(output).contains("does not verify");
        assertThat(Files.readString(anchor, StandardCharsets.UTF_8)).isEqualTo(anchored);
    }
}
