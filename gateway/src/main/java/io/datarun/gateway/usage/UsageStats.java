package io.datarun.gateway.usage;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Reads of one dataset: in total and per consumer department. Immutable; {@link #plus} folds one count in. */
public record UsageStats(long reads, Instant lastRead, Map<String, ConsumerUsage> consumers) {
    public static final UsageStats NONE = new UsageStats(0, null, Map.of());

    public UsageStats plus(UsageCount count) {
        Map<String, ConsumerUsage> next = new TreeMap<>(consumers);
        next.merge(count.department(), new ConsumerUsage(count.reads(), count.at()), ConsumerUsage::plus);
        return new UsageStats(reads + count.reads(), later(lastRead, count.at()), next);
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
