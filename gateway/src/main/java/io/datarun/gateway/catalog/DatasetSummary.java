package io.datarun.gateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One catalog entry: what the dataset is, who owns it, how fresh and how used it is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSummary(
        String id,
        String owner,
        Map<String, String> title,
        String subjectType,
        int schemaVersion,
        List<Integer> schemaVersions,
        String cadence,
        Long recordCount,
        Instant lastUpdate,
        List<String> consumers,
        Intake intake,
        List<FieldSummary> fields) {

    /** What came through the door: rows seen, accepted and dead-lettered, and whether it adds up. */
    public record Intake(long rowsSeen, long accepted, long deadLettered, boolean reconciled, List<String> problems) {
    }

    /** A field with its classification; shown on the dataset's own page. */
    public record FieldSummary(String name, String type, boolean optional, String classification,
            Map<String, String> label, String doc) {
    }
}
