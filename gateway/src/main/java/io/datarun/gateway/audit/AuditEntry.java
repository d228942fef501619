package io.datarun.gateway.audit;

import io.datarun.gateway.access.Caller;
import java.util.Collection;
import java.util.List;

/**
 * What an operation reports to the audit trail: an event before it is given its id, time, request
 * and place in the chain. {@code action} and {@code outcome} are the wire names of an
 * {@link AuditAction} and an {@link AuditOutcome}.
 */
public record AuditEntry(String action, String user, String department, String dataset, String subjectId,
        List<String> fields, String purpose, String outcome, String detail) {

    public AuditEntry {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static AuditEntry of(Caller caller, AuditAction action, String dataset, String subjectId,
            Collection<String> fields, String purpose, AuditOutcome outcome, String detail) {
        return new AuditEntry(action.wire(), caller.userId(), caller.department(), dataset, subjectId,
                fields == null ? List.of() : List.copyOf(fields), purpose, outcome.wire(), detail);
    }

    /** An event of another process acting (a peer replica), about one subject's record. */
    public static AuditEntry ofProcess(AuditAction action, String process, String dataset, String subjectId,
            AuditOutcome outcome, String detail) {
        return new AuditEntry(action.wire(), process, null, dataset, subjectId, List.of(), null, outcome.wire(), detail);
    }

    /** An event of no particular caller (a refused request whose token was not verified, a counter). */
    public static AuditEntry anonymous(AuditAction action, String user, String department, AuditOutcome outcome, String detail) {
        return new AuditEntry(action.wire(), user, department, null, null, List.of(), null, outcome.wire(), detail);
    }
}
