package io.datarun.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditCodec;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditEvent;
import io.datarun.gateway.audit.AuditKey;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.audit.ChainVerifier;
import io.datarun.gateway.audit.RequestIdSource;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 6: an audit writer never links to a head it cannot trust. A head forged
 * without the key, or a chain that no longer reaches the head this writer committed (its tail cut
 * off, the topic recreated), stops the writer: audited requests answer 503 instead of starting a
 * new chain that verifies.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AuditAnchorTest {
    static final Caller CALLER = new Caller("user-x", "civil-affairs", Set.of("clerk"), Set.of());

    /** A writer on a drill copy of the audit topic: the forgeries here must not touch the gateway's own trail. */
    static AuditTrail writer(String topic, String chain, Path anchor) {
        // waits up to 30 s for a write: the default 2 s is a request's budget, too short on a loaded test machine
        AuditTrail trail = new AuditTrail(KafkaClients.of(KafkaTestResource.bootstrapServers()), TestData.TOPICS, chain,
                Clock.systemUTC(), RequestIdSource.NONE, AuditKey.DEV, java.time.Duration.ofSeconds(30)).anchorAt(anchor).onTopic(topic);
        trail.start();
        return trail;
    }

    static String drillTopic() throws Exception {
        String name = "datarun._audit-drill-" + UUID.randomUUID();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name, 1, (short) 1))).all().get();
        }
        return name;
    }

    static AuditEntry entry() {
        return AuditEntry.of(CALLER, AuditAction.READ, TestData.DATASET, null, List.of("name"), "minimum-living-allowance",
                AuditOutcome.OK, null);
    }

    @Test
    void whenTheChainsHeadWasForgedWithoutTheKeyThenTheWriterRefusesToLinkToIt() throws Exception {
        String topic = drillTopic();
        String chain = "forged-" + UUID.randomUUID();
        AuditEvent forged = AuditCodec.seal(new AuditEvent(UUID.randomUUID().toString(), chain, 0, Instant.now(), "r",
                "read", "forger", "civil-affairs", TestData.DATASET, null, List.of(), null, "ok", null,
                AuditEvent.GENESIS, null), new AuditKey("not-the-audit-key-at-all"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaTestResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, chain, AuditCodec.encode(forged))).get();
        }
        AuditTrail trail = writer(topic, chain, null);
        try {
            assertThatThrownBy(() -> trail.record(entry())).isInstanceOf(Unavailable.class);
        } finally {
            trail.stop();
        }
    }

    @Test
    void whenTheTopicNoLongerReachesTheAnchoredHeadThenTheWriterFailsClosed() throws Exception {
        String topic = drillTopic();
        String chain = "anchored-" + UUID.randomUUID();
        Path anchor = Files.createTempDirectory("audit-anchor").resolve("audit-anchor-" + chain);
        AuditTrail first = writer(topic, chain, anchor);
        for (int i = 0; i < 3; i++) {
            first.record(entry());
        }
        first.stop();
        String committed = Files.readString(anchor, StandardCharsets.UTF_8).strip();
        assertThat(committed).startsWith(chain + ":2:");

        // positive control: the anchor as written lets a restarted writer go on
        AuditTrail restarted = writer(topic, chain, anchor);
        restarted.record(entry());
        restarted.stop();

        // the topic now holds less than was committed (seen from the anchor: a head far ahead of it)
        String[] parts = Files.readString(anchor, StandardCharsets.UTF_8).strip().split(" ");
        String hash = parts[0].substring(parts[0].lastIndexOf(':') + 1);
        Files.writeString(anchor, chain + ":40:" + hash + " " + parts[1] + "\n", StandardCharsets.UTF_8);
        AuditTrail behind = writer(topic, chain, anchor);
        try {
            assertThatThrownBy(() -> behind.record(entry())).isInstanceOf(Unavailable.class);
        } finally {
            behind.stop();
        }
    }

    /** The topic deleted and created again, empty: a new chain from seq 0 would verify, so the writer must not start one. */
    @Test
    void whenTheTopicIsDeletedAndRecreatedThenTheWriterFailsClosedAndTheCheckpointRevealsIt() throws Exception {
        String topic = drillTopic();
        String chain = "recreated-" + UUID.randomUUID();
        Path anchor = Files.createTempDirectory("audit-anchor").resolve("audit-anchor-" + chain);
        AuditTrail first = AuditRestoreTest.writer(topic, chain, anchor);
        for (int i = 0; i < 2; i++) {
            first.record(AuditRestoreTest.read());
        }
        ChainVerifier.Checkpoint head = first.committedHeads().get(0);
        first.stop();

        AuditRestoreTest.restore(topic, List.of());
        AuditTrail recreated = AuditRestoreTest.writer(topic, chain, anchor);
        try {
            assertThatThrownBy(() -> recreated.record(AuditRestoreTest.read())).isInstanceOf(Unavailable.class);
        } finally {
            recreated.stop();
        }
        assertThat(CommittedTopic.all(topic)).as("nothing was written to the recreated topic").isEmpty();
        // the auditor's checkpoint from before names the loss, although the (empty) topic is valid in itself
        ChainVerifier verifier = new ChainVerifier(AuditKey.DEV).expect(head);
        assertThat(verifier.result().ok()).isFalse();
        assertThat(verifier.result().firstBroken().reason()).contains("truncated");
    }
}
