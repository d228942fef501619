package io.datarun.connectors.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A connector's progress numbers beyond its committed counts, shared by its log line, its
 * Prometheus gauges and the status endpoint: the rate of the last progress interval, the rows
 * still to read (where the source can tell: JDBC counts them, see {@code IncrementalQuery#backlogSql})
 * and how far the position is behind the newest source row. Written by the connector's route
 * thread, read by any.
 */
public final class BackfillProgress {
    private static final long UNKNOWN = -1;

    private volatile double rate = Double.NaN;
    private volatile long remaining = UNKNOWN;
    private volatile Duration lag;

    /** Rows per second over the last progress interval (idle time between polls not counted). */
    void rate(double rowsPerSecond) {
        rate = rowsPerSecond;
    }

    /** After each committed batch: the last count minus what was read since, until the next count. */
    void committed(long rows) {
        long current = remaining;
        if (current != UNKNOWN) {
            remaining = Math.max(0, current - rows);
        }
    }

    /** A fresh count of the rows beyond the committed position and the age gap to the newest of them. */
    void backlog(long rows, Duration lagBehindSource) {
        remaining = rows;
        lag = lagBehindSource;
    }

    /** A source that cannot count what is left is reading full batches again. */
    void backlogUnknown() {
        remaining = UNKNOWN;
        lag = null;
    }

    /** The last batch was not full: nothing is waiting in the source right now. */
    void caughtUp() {
        remaining = 0;
        lag = Duration.ZERO;
    }

    public OptionalDouble rate() {
        double current = rate;
        return Double.isNaN(current) ? OptionalDouble.empty() : OptionalDouble.of(current);
    }

    public OptionalLong remaining() {
        long current = remaining;
        return current == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(current);
    }

    public Optional<Duration> lag() {
        return Optional.ofNullable(lag);
    }

    /** Seconds until the backlog is read at the current rate: 0 when none is left, empty when unknowable. */
    public OptionalDouble etaSeconds() {
        OptionalLong left = remaining();
        if (left.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (left.getAsLong() == 0) {
            return OptionalDouble.of(0);
        }
        OptionalDouble current = rate();
        return current.isPresent() && current.getAsDouble() > 0
                ? OptionalDouble.of(left.getAsLong() / current.getAsDouble()) : OptionalDouble.empty();
    }

    /** For log lines: {@code remaining=… eta=…s lag=…s}, "?" where unknown. */
    String describe() {
        OptionalLong left = remaining();
        OptionalDouble eta = etaSeconds();
        Optional<Duration> behind = lag();
        return "remaining=" + (left.isPresent() ? String.valueOf(left.getAsLong()) : "?")
                + " eta=" + (eta.isPresent() ? Math.round(eta.getAsDouble()) + "s" : "?")
                + " lag=" + behind.map(d -> d.toSeconds() + "s").orElse("?");
    }
}
