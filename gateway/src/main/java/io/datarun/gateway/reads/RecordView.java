package io.datarun.gateway.reads;

import java.util.List;
import java.util.Map;

/** A record as a caller may see it: only granted fields, and the names of those withheld. */
public record RecordView(
        String dataset,
        String subjectId,
        int schemaVersion,
        String purpose,
        Map<String, Object> fields,
        List<String> withheld) {
}
