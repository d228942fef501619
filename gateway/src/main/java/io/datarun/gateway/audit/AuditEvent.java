package io.datarun.gateway.audit;

import java.time.Instant;
import java.util.List;

/**
 * One audited action as stored in {@code datarun._audit}: who (user, department), what (action,
 * dataset, subject, field names — never values), why (purpose), the outcome, when, in which
 * request; and its place in its writer's chain: {@code chain} (the writing replica), {@code seq}
 * (0 for the first event of a chain), {@code prevHash} (the previous event's hash, 64 zeros for
 * the first) and {@code hash}, SHA-256 over the canonical form of everything else
 * ({@link AuditCodec}).
 */
public record AuditEvent(
        String eventId,
        String chain,
        long seq,
        Instant at,
        String requestId,
        String action,
        String user,
        String department,
        String dataset,
        String subjectId,
        List<String> fields,
        String purpose,
        String outcome,
        String detail,
        String prevHash,
        String hash) {

    /** The prevHash of a chain's first event. */
    public static final String GENESIS = "0".repeat(64);

    public AuditEvent {
        fields = fields == null ? List.of() : fields.stream().sorted().toList();
    }

    AuditEvent withHash(String value) {
        return new AuditEvent(eventId, chain, seq, at, requestId, action, user, department, dataset, subjectId, fields,
                purpose, outcome, detail, prevHash, value);
    }
}
