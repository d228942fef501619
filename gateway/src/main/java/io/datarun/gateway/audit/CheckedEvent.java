package io.datarun.gateway.audit;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An audit event as a query returns it: the stored event, and whether it checked out. {@code verified}
 * is true only when the event is stored under its own chain's key, in canonical form, its keyed hash
 * matches its content, and it links to the event before it in its chain (or starts the chain at seq
 * 0). Otherwise {@code problems} says what failed — an altered, forged, replayed or inserted event,
 * or one whose predecessor is missing — and the event is served as evidence of tampering, never as
 * good. A query does not see a chain's cut-off tail; {@code /audit/verify} with checkpoints does.
 */
@Schema(name = "CheckedAuditEvent")
public record CheckedEvent(
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
        String hash,
        @Schema(description = "true when its keyed hash, its stored form and its link to the previous event of its chain check out")
        boolean verified,
        @Schema(description = "why it is not verified; empty when it is")
        List<String> problems) {

    static CheckedEvent of(AuditEvent e, List<String> problems) {
        return new CheckedEvent(e.eventId(), e.chain(), e.seq(), e.at(), e.requestId(), e.action(), e.user(), e.department(),
                e.dataset(), e.subjectId(), e.fields(), e.purpose(), e.outcome(), e.detail(), e.prevHash(), e.hash(),
                problems.isEmpty(), List.copyOf(problems));
    }
}
