package io.datarun.gateway.reports;

import io.datarun.gateway.usage.SourceStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Do the numbers add up for one dataset? Every source must have seen exactly as many rows as it
 * accepted plus dead-lettered, and the live records served cannot outnumber the records accepted
 * through the door (more would mean something wrote to the topic around validation).
 */
public record Reconciliation(long rowsSeen, long accepted, long deadLettered, long liveRecords,
        List<String> problems) {

    public static Reconciliation of(List<SourceStats> sources, long liveRecords) {
        long seen = 0;
        long accepted = 0;
        long dead = 0;
        List<String> problems = new ArrayList<>();
        for (SourceStats source : sources) {
            seen += source.rowsSeen();
            accepted += source.accepted();
            dead += source.deadLettered();
            if (!source.balanced()) {
                problems.add("source " + source.source() + " saw " + source.rowsSeen() + " rows but accepted "
                        + source.accepted() + " and dead-lettered " + source.deadLettered());
            }
        }
        if (liveRecords > accepted) {
            problems.add(liveRecords + " live records but only " + accepted
                    + " accepted by datarun's intake: records reached the topic without validation");
        }
        return new Reconciliation(seen, accepted, dead, liveRecords, List.copyOf(problems));
    }

    public boolean balanced() {
        return problems.isEmpty();
    }

    /** Share of seen rows that were rejected; 0 when nothing was seen. */
    public double deadLetterRate() {
        return rowsSeen == 0 ? 0.0 : (double) deadLettered / rowsSeen;
    }
}
