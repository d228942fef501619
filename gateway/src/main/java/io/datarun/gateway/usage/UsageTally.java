package io.datarun.gateway.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Served reads summed in memory per dataset, consumer department and purpose until the next
 * {@link #drain}: the usage report needs counts, not one access-log record (and one fold by Kafka
 * Streams) per read. Thread-safe and exact: a read added while a drain runs is in this drain or the
 * next, never in both and never lost.
 */
public final class UsageTally {
    private final ConcurrentHashMap<Key, Sum> sums = new ConcurrentHashMap<>();

    public void add(String dataset, String department, String purpose, Instant at) {
        // the sum is only changed under the map's lock for its key, as drain's remove is
        sums.compute(new Key(dataset, department, purpose), (key, sum) -> (sum == null ? new Sum() : sum).add(at));
    }

    /** The sums since the previous drain, one per dataset, department and purpose read; the tally is empty after. */
    public List<UsageCount> drain() {
        List<UsageCount> counts = new ArrayList<>();
        for (Key key : sums.keySet()) {
            Sum sum = sums.remove(key);
            if (sum != null) {
                counts.add(new UsageCount(key.dataset(), key.department(), key.purpose(), sum.reads, sum.latest));
            }
        }
        return counts;
    }

    private record Key(String dataset, String department, String purpose) {
    }

    private static final class Sum {
        private long reads;
        private Instant latest;

        Sum add(Instant at) {
            reads++;
            latest = UsageStats.later(latest, at);
            return this;
        }
    }
}
