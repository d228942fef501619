package io.datarun.gateway.usage;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Reads of one dataset: in total and per consumer department. Immutable; {@link #plus} folds one event in. */
public record UsageStats(long reads, Instant lastRead, Map<String, ConsumerUsage> consumers) {
    public static final UsageStats NONE = new UsageStats(0, null, Map.of());

    public UsageStats plus(AccessEvent event) {
        Map<String, ConsumerUsage> next = new TreeMap<>(consumers);
        next.merge(event.department(), new ConsumerUsage(1, event.at()), ConsumerUsage::plus);
        return new UsageStats(reads + 1, later(lastRead, event.at()), next);
    }

    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Reads by one consumer department. */
    public record ConsumerUsage(long reads, Instant lastRead) {
        ConsumerUsage plus(ConsumerUsage other) {
            return new ConsumerUsage(reads + other.reads, later(lastRead, other.lastRead));
        }
    }
}
