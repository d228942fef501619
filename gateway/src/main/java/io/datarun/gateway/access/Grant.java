package io.datarun.gateway.access;

import io.datarun.schemas.validation.DivisionCode;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The owner department of a dataset lets a consumer department read named fields for named
 * purposes, optionally only for subjects in given administrative divisions and until a date.
 */
public record Grant(
        String consumer,
        String dataset,
        Set<String> fields,
        Set<String> purposes,
        Set<String> divisions,
        Optional<LocalDate> expires) {

    public boolean covers(String department, String datasetId, String purpose, LocalDate today) {
        return consumer.equals(department)
                && dataset.equals(datasetId)
                && purposes.contains(purpose)
                && expires.map(end -> !today.isAfter(end)).orElse(true);
    }

    /** True when the grant reaches a subject registered in {@code division} (unrestricted grants reach all). */
    public boolean reaches(String division) {
        return divisions.isEmpty() || divisions.stream().anyMatch(area -> DivisionCode.within(division, area));
    }
}
