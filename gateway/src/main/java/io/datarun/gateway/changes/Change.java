package io.datarun.gateway.changes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One change of one subject's record as the caller may see it: the granted fields of the new
 * version and the names of those withheld; {@code deleted} when the record was removed.
 * {@code subjectId} is null when the caller is not granted the subject field itself.
 */
public record Change(String subjectId, Map<String, Object> fields, List<String> withheld, Instant changedAt,
        boolean deleted) {
}
