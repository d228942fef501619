package io.datarun.gateway.audit;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * The auditor's view of the trail: newest-first queries and a full verification, both read
 * straight from the topic (committed events only). Both are themselves audited.
 */
@ApplicationScoped
public class AuditService {
    private static final Logger LOG = Logger.getLogger(AuditService.class);
    public static final int MAX_LIMIT = 1000;
    /** A query stops after examining this many events (newest first) and says it is incomplete. */
    static final int MAX_SCAN = 500_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final AuditTrail trail;
    private final AuditKey key;
    private final java.util.concurrent.Semaphore verifying = new java.util.concurrent.Semaphore(1);

    public AuditService(KafkaClients kafka, AuditTrail trail, AuditKey key) {
        this.kafka = kafka;
        this.trail = trail;
        this.key = key;
    }

    /**
     * Events matching the filter, newest first, at most {@code limit}, each checked against its key,
     * its hash and its chain ({@link AuditQuery}); an event that does not check out is returned flagged
     * and raises an ALERT line.
     */
    public AuditQuery.Page query(Caller caller, AuditFilter filter, int limit) {
        AuditQuery.Page page;
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(kafka, true)) {
            page = AuditQuery.run(AuditTopic.of(consumer), key, filter, limit, MAX_SCAN, TIMEOUT);
        }
        if (page.unverified() > 0) {
            // counts only: a forged event's chain name or ids are whatever the forger wrote
            LOG.errorf("ALERT an audit query returned %d events that do not verify: the audit topic was altered; "
                    + "run /api/v1/audit/verify", page.unverified());
        }
        trail.record(AuditEntry.of(caller, AuditAction.AUDIT_QUERY, filter.dataset(), filter.subject(), List.of(), null,
                page.unverified() > 0 ? AuditOutcome.BROKEN : AuditOutcome.OK,
                (filter.describe() + " limit=" + limit + " returned=" + page.count()
                        + (page.unverified() > 0 ? " unverified=" + page.unverified() : "")).strip()));
        return page;
    }

    /**
     * Re-reads the whole topic and checks every chain, including that it still reaches the committed
     * head of each of this replica's own chains and every checkpoint the auditor brings (tail truncation).
     */
    public ChainVerifier.Result verify(Caller caller, List<ChainVerifier.Checkpoint> checkpoints) {
        // a verification re-reads the whole topic: one at a time per replica, the others are told to retry
        if (!verifying.tryAcquire()) {
            throw new Unavailable(Unavailable.Part.BUSY);
        }
        try {
            return verifyNow(caller, checkpoints);
        } finally {
            verifying.release();
        }
    }

    private ChainVerifier.Result verifyNow(Caller caller, List<ChainVerifier.Checkpoint> checkpoints) {
        ChainVerifier verifier = new ChainVerifier(key);
        // taken before reading: these heads are committed, so the topic read below must reach them
        trail.committedHeads().forEach(verifier::expect);
        checkpoints.forEach(verifier::expect);
        ChainVerifier.Result result;
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(kafka, true)) {
            result = AuditTopic.of(consumer).verify(verifier, TIMEOUT);
        }
        trail.record(AuditEntry.of(caller, AuditAction.AUDIT_VERIFY, null, null, List.of(), null, result.ok() ? AuditOutcome.OK : AuditOutcome.BROKEN,
                "verified=" + result.verified() + (result.ok() ? "" : " firstBroken=" + result.firstBroken().offset())));
        return result;
    }

}
