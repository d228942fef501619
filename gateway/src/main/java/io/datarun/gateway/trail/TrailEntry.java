package io.datarun.gateway.trail;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One read of a resident's data as the resident sees it: when, which department (code and name),
 * why (purpose and its title), which dataset (and its title), which fields (and their labels). The
 * reading clerk's personal id is deliberately absent: the department answers for its clerks.
 */
public record TrailEntry(
        Instant at,
        String department,
        Map<String, String> departmentName,
        String purpose,
        Map<String, String> purposeTitle,
        String dataset,
        Map<String, String> datasetTitle,
        List<Field> fields) {

    /** A field read, with its labels by language tag. */
    public record Field(String name, Map<String, String> label) {
    }
}
