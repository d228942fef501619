package io.datarun.gateway.audit;

import java.time.Instant;

/**
 * What an auditor asks for: events about a subject, by a caller (a user id or a department
 * code), on a dataset, within [from, to]; every criterion optional.
 */
public record AuditFilter(String subject, String caller, String dataset, Instant from, Instant to) {

    public boolean matches(AuditEvent event) {
        return (subject == null || subject.equals(event.subjectId()))
                && (caller == null || caller.equals(event.user()) || caller.equals(event.department()))
                && (dataset == null || dataset.equals(event.dataset()))
                && (from == null || (event.at() != null && !event.at().isBefore(from)))
                && (to == null || (event.at() != null && !event.at().isAfter(to)));
    }

    /** For the audit event of the query itself. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        append(s, "subject", subject);
        append(s, "caller", caller);
        append(s, "dataset", dataset);
        append(s, "from", from);
        append(s, "to", to);
        return s.toString().strip();
    }

    private static void append(StringBuilder s, String key, Object value) {
        if (value != null) {
            s.append(key).append('=').append(value).append(' ');
        }
    }
}
