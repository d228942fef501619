package io.datarun.gateway.reports;

import java.time.Instant;
import java.util.List;

/** One line of the usage report: is the feed fed, is it read, do its numbers add up. */
public record DatasetUsage(
        String dataset,
        String owner,
        String cadence,
        Instant lastUpdate,
        boolean stale,
        long reads,
        Instant lastRead,
        int distinctConsumers,
        List<ConsumerReads> consumers,
        boolean unused,
        boolean retirementProposed,
        long rowsSeen,
        long accepted,
        long deadLettered,
        double deadLetterRate,
        boolean reconciled,
        List<String> reconciliationProblems) {

    /** Reads by one department. */
    public record ConsumerReads(String department, long reads, Instant lastRead, boolean owner) {
    }
}
