package io.datarun.gateway.audit;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.api.ProblemException;
import java.util.Collection;
import java.util.List;

/**
 * What a service reports to the audit trail: an event before it is given its id, time, request
 * and place in the chain. Actions: {@code read}, {@code change-read}, {@code changes}, {@code push},
 * {@code dispute-raise}, {@code dispute-resolve}, {@code audit-query}, {@code audit-verify}.
 * Outcomes: {@code ok}, {@code not-found}, {@code refused-<problem code>} (e.g.
 * {@code refused-no-grant}), {@code failed-<problem code>}, or an action's own ({@code accepted},
 * {@code rejected}, {@code corrected}).
 */
public record AuditEntry(String action, String user, String department, String dataset, String subjectId,
        List<String> fields, String purpose, String outcome, String detail) {

    public AuditEntry {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static AuditEntry of(Caller caller, String action, String dataset, String subjectId,
            Collection<String> fields, String purpose, String outcome, String detail) {
        return new AuditEntry(action, caller.userId(), caller.department(), dataset, subjectId,
                fields == null ? List.of() : List.copyOf(fields), purpose, outcome, detail);
    }

    /** The outcome of a request that ended in {@code failure}: not-found, refused-&lt;code&gt; or failed-&lt;code&gt;. */
    public static String outcomeOf(RuntimeException failure) {
        if (failure instanceof ProblemException problem) {
            if ("record-not-found".equals(problem.code())) {
                return "not-found";
            }
            return (problem.status() >= 500 ? "failed-" : "refused-") + problem.code();
        }
        return "failed-internal-error";
    }
}
