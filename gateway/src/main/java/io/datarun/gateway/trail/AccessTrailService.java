package io.datarun.gateway.trail;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Resident;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditCodec;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditEvent;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditTopic;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.directory.Directory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Who read my data, when and why: the reads of one resident's records, taken from the audit trail.
 * Every replica writes its events to the one audit topic and every replica reads all of it, so any
 * replica answers with the reads served by all of them. Only the caller's own resident ID is ever
 * looked up (it comes from the token, never from the request), and each view is itself audited.
 */
public final class AccessTrailService {
    /** The actions that served a resident's values to a department. */
    static final Set<String> READS = Set.of(AuditAction.READ.wire(), AuditAction.CHANGE_READ.wire());
    /** A view stops after examining this many events (newest first) and says it is incomplete. */
    static final int MAX_SCAN = 500_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final Directory directory;
    private final AuditedOperation audited;

    public AccessTrailService(KafkaClients kafka, Directory directory, AuditedOperation audited) {
        this.kafka = kafka;
        this.directory = directory;
        this.audited = audited;
    }

    /** The resident's reads, newest first, at most {@code limit}. */
    public AccessTrail trailOf(Resident resident, int limit) {
        Caller caller = resident.asCaller();
        return audited.run(caller, AuditAction.ACCESS_TRAIL, AuditTarget.of(null, resident.residentId(), null),
                () -> scan(resident.residentId(), limit),
                trail -> AuditEntry.of(caller, AuditAction.ACCESS_TRAIL, null, resident.residentId(), List.of(), null,
                        AuditOutcome.OK, "returned=" + trail.count() + (trail.complete() ? "" : " incomplete")));
    }

    private AccessTrail scan(String residentId, int limit) {
        List<TrailEntry> reads = new ArrayList<>();
        long[] scanned = {0};
        try (KafkaConsumer<String, byte[]> consumer = AuditTopic.consumer(kafka, true)) {
            AuditTopic topic = AuditTopic.of(consumer);
            topic.backward(topic.beginning(), topic.end(), TIMEOUT, record -> {
                scanned[0]++;
                AuditEvent event = decode(record.value());
                if (event != null && isReadOf(event, residentId)) {
                    reads.add(entry(event));
                }
                return reads.size() < limit && scanned[0] < MAX_SCAN;
            });
        }
        return new AccessTrail(reads, reads.size(), scanned[0] < MAX_SCAN || reads.size() >= limit);
    }

    /** A served read (not a refusal, not a miss) by a department of this resident's record. */
    static boolean isReadOf(AuditEvent event, String residentId) {
        return residentId.equals(event.subjectId()) && READS.contains(event.action())
                && AuditOutcome.OK.wire().equals(event.outcome()) && event.department() != null;
    }

    private TrailEntry entry(AuditEvent event) {
        return new TrailEntry(event.at(), event.department(), directory.departmentName(event.department()),
                event.purpose(), directory.purposeTitle(event.purpose()), event.dataset(), directory.datasetTitle(event.dataset()),
                event.fields().stream().map(f -> new TrailEntry.Field(f, directory.fieldLabel(event.dataset(), f))).toList());
    }

    private static AuditEvent decode(byte[] value) {
        try {
            return value == null ? null : AuditCodec.decode(value);
        } catch (IllegalArgumentException | NullPointerException unreadable) {
            return null; // not an event: the verifier names it
        }
    }
}
