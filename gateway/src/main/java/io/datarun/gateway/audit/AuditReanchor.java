package io.datarun.gateway.audit;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.TopicProvisioner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The explicit, audited operator step after an audit topic was restored from a backup: the restored
 * chain no longer reaches the replica's anchor (events after the copy are gone), so the writer fails
 * closed until an operator accepts the restored trail. Accepting it is itself recorded in that
 * trail: one {@code audit-reanchor} event at the end of the chain, naming the operator, the reason,
 * the restored head and the anchor it replaces; then the anchor moves to that event. It refuses a
 * restored topic whose chains do not verify under the audit key. Run it with the gateway replica of
 * that chain stopped (its writer would be fenced).
 */
public final class AuditReanchor {
    /** What a re-anchoring did: the head the restore left, the anchor it replaced, the new head. */
    public record Outcome(ChainVerifier.Checkpoint restoredHead, Optional<ChainVerifier.Checkpoint> previousAnchor,
            ChainVerifier.Checkpoint newHead) {
    }

    private final KafkaClients kafka;
    private final AuditKey key;
    private final String topic;

    public AuditReanchor(KafkaClients kafka, AuditKey key, String topic) {
        this.kafka = kafka;
        this.key = key;
        this.topic = topic;
    }

    /**
     * Verifies the restored topic, appends the re-anchoring event to {@code chain} and writes the
     * new anchor into {@code anchorFile}.
     */
    public Outcome run(String chain, Path anchorFile, String operator, String reason) {
        if (operator == null || operator.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a re-anchoring names the operator and the reason (an incident number)");
        }
        ChainVerifier.Result restored;
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(kafka, true)) {
            restored = new AuditTopic(consumer, topic).verify(new ChainVerifier(key), Duration.ofSeconds(60));
        }
        if (!restored.ok()) {
            throw new IllegalStateException("the restored audit topic does not verify (" + restored.broken().size()
                    + " break(s), the first at offset " + restored.firstBroken().offset() + ": "
                    + restored.firstBroken().reason() + "); restore an intact copy instead");
        }
        ChainVerifier.Head head = restored.heads().get(chain);
        if (head == null) {
            throw new IllegalStateException("the restored audit topic holds no event of chain '" + chain + "'");
        }
        String clusterId = clusterId();
        Optional<ChainVerifier.Checkpoint> previous = AuditAnchor.read(anchorFile, chain, clusterId);
        ChainVerifier.Checkpoint restoredHead = new ChainVerifier.Checkpoint(chain, head.seq(), head.hash());
        // the writer opens without the old anchor (that is what is being replaced), links to the verified head
        AuditTrail writer = new AuditTrail(kafka, new TopicProvisioner(1, Optional.empty(), false), chain,
                Clock.systemUTC(), RequestIdSource.NONE, key, Duration.ofSeconds(30)).onTopic(topic);
        writer.start();
        try {
            writer.record(AuditEntry.anonymous(AuditAction.AUDIT_REANCHOR, operator, null, AuditOutcome.OK,
                    "restored head=" + restoredHead + " replaces anchor=" + previous.map(Object::toString).orElse("(none)")
                            + " reason=" + reason.strip()));
        } finally {
            writer.stop();
        }
        ChainVerifier.Checkpoint newHead = writer.committedHeads().stream().findFirst().orElseThrow(() ->
                new IllegalStateException("the re-anchoring event was not committed"));
        AuditAnchor.write(anchorFile, newHead, clusterId);
        return new Outcome(restoredHead, previous, newHead);
    }

    private String clusterId() {
        try (Admin admin = kafka.admin()) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the Kafka cluster id: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
