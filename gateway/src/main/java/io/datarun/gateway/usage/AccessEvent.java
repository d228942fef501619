package io.datarun.gateway.usage;

import java.time.Instant;

/**
 * One served read: which dataset and subject, which department and user, for which purpose, when.
 * No field values. The subject makes this sensitive (the access log topic is for datarun's own
 * eyes): it lets a dispute name who read a disputed value, and is the seed of the audit trail.
 */
public record AccessEvent(String dataset, String subjectId, String department, String user, String purpose,
        Instant at) {
}
