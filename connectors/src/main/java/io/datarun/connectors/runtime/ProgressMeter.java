package io.datarun.connectors.runtime;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Decides when a connector logs its progress: when it has caught up with its source, or every
 * {@code interval} during a backfill; gives the rate of rows since the last progress line.
 */
final class ProgressMeter {
    private final long intervalNanos;
    private long windowStart;
    private long windowRows;

    ProgressMeter(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Counts a committed batch; the rate in rows per second when a progress line is due. */
    OptionalDouble record(int rows, boolean caughtUp, long batchStart, long now) {
        if (windowRows == 0) {
            windowStart = batchStart; // idle time between batches is not throughput
        }
        windowRows += rows;
        long elapsed = now - windowStart;
        if (windowRows == 0 || !(caughtUp || elapsed >= intervalNanos)) {
            return OptionalDouble.empty();
        }
        double rate = windowRows * 1e9 / Math.max(elapsed, 1);
        windowRows = 0;
        windowStart = now;
        return OptionalDouble.of(rate);
    }

    /** The source has nothing more now: the rate of rows counted since the last line, if any. */
    OptionalDouble flush(long now) {
        if (windowRows == 0) {
            return OptionalDouble.empty();
        }
        double rate = windowRows * 1e9 / Math.max(now - windowStart, 1);
        windowRows = 0;
        windowStart = now;
        return OptionalDouble.of(rate);
    }
}
