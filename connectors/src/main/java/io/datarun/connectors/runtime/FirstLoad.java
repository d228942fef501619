package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.jdbc.PrefetchedRows;
import io.datarun.connectors.jdbc.Snapshot;
import io.datarun.connectors.jdbc.SnapshotCursor;
import io.datarun.connectors.jdbc.SnapshotQuery;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.Progress;
import io.datarun.connectors.kafka.TransactionalPublisher;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The first load of a JDBC connector: one streaming pass over its table in key order
 * ({@link SnapshotQuery}), committed in transactions of {@code backfillRows} rows or
 * {@code backfillTime}, whichever comes first, instead of one watermark query per {@code batchSize}
 * rows (which, without an index on the watermark, sorts the rest of the table for every batch).
 *
 * <p>Its position is the watermark position taken when it began (the bound: the newest watermark and
 * the greatest key at it) plus the key of the last row committed ({@link Snapshot}), both in the
 * offsets record of every transaction, so a crash resumes the pass after that key with the same bound.
 * When the pass is done, its last transaction drops the {@link Snapshot} and the connector polls by
 * watermark from the bound: rows changed during the pass have newer watermarks and are read then.
 * A connector starts a first load when it has no position yet (new, or renamed) and its table has rows.
 */
final class FirstLoad implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FirstLoad.class);

    /** One committed transaction of the pass. */
    record Step(Progress next, int rows, List<Outcome.Rejected> rejected, boolean done) {
    }

    private final ConnectorDeclaration declaration;
    private final SnapshotQuery query;
    private final Function<Map<String, Object>, Outcome> outcomes;
    private final Function<Map<String, Object>, Object> keys;
    private final LongConsumer backlog;
    private final int maxRows;
    private final long maxNanos;

    /** Where the pass goes on from: what was committed, or the bound just taken (nothing committed yet). */
    private volatile Progress from;
    private volatile PrefetchedRows cursor;

    /**
     * @param outcomes what a row becomes (the connector's mapping and validation)
     * @param keys     a row's key column value
     * @param backlog  told the rows the pass still has to read when it (re)starts
     */
    FirstLoad(ConnectorDeclaration declaration, SnapshotQuery query, Function<Map<String, Object>, Outcome> outcomes,
            Function<Map<String, Object>, Object> keys, LongConsumer backlog) {
        this.declaration = declaration;
        this.query = query;
        this.outcomes = outcomes;
        this.keys = keys;
        this.backlog = backlog;
        JdbcSource jdbc = declaration.jdbc();
        this.maxRows = jdbc.backfillRows();
        this.maxNanos = jdbc.backfillTime().toNanos();
    }

    /**
     * Whether the next step of this poll is a first-load transaction: one is under way (in memory or
     * committed), or the connector has no position and the table has rows (the bound is taken now).
     */
    boolean due(Progress committed, Connection connection) throws SQLException {
        if (from != null) {
            return true;
        }
        if (committed.snapshot().isPresent()) {
            from = committed;
            return true;
        }
        if (committed.position().isPresent()) {
            return false;
        }
        Optional<SourcePosition> bound = query.bound(connection);
        if (bound.isEmpty()) {
            return false; // nothing to load yet: the watermark poll's first query reads what comes
        }
        from = new Progress(bound, Optional.of(Snapshot.START), committed.rowsSeen(), committed.accepted(),
                committed.deadLettered());
        return true;
    }

    /**
     * Reads rows until the transaction is full (rows or time) or the pass is done, sending each as it
     * is mapped, then commits them with the pass's new position. On any failure the transaction is
     * aborted and nothing of it is visible; the caller closes everything and the next poll resumes
     * from the committed position.
     */
    Step step(TransactionalPublisher publisher, Connection connection, long start) throws SQLException {
        Progress current = from;
        SourcePosition until = current.position().orElseThrow();
        Optional<Object> after = current.snapshot().orElseThrow().after();
        if (cursor == null) {
            long remaining = query.remaining(connection, until, after);
            backlog.accept(remaining);
            LOG.infof("connector=%s dataset=%s position=%s first load: streaming %d rows in key order of %s, "
                    + "transactions of up to %d rows or %d ms; then polling by watermark after %s", declaration.name(),
                    declaration.dataset().id(), current.positionText(), remaining, declaration.jdbc().keyColumn(),
                    maxRows, maxNanos / 1_000_000, until);
            cursor = new PrefetchedRows(SnapshotCursor.open(connection, query.rows(after), SnapshotQuery.parameters(until,
                    after)), 2 * SnapshotCursor.FETCH_SIZE, "datarun-first-load-" + declaration.name());
        }
        TransactionalPublisher.Transaction transaction = publisher.begin();
        List<Outcome.Rejected> rejected = new ArrayList<>();
        int rows = 0;
        Object last = null;
        boolean done = false;
        try {
            long deadline = start + maxNanos;
            while (rows < maxRows && System.nanoTime() < deadline) {
                Map<String, Object> row = cursor.next();
                if (row == null) {
                    done = true;
                    break;
                }
                Outcome outcome = outcomes.apply(row);
                transaction.add(outcome);
                if (outcome instanceof Outcome.Rejected r) {
                    rejected.add(r);
                }
                last = keys.apply(row);
                rows++;
            }
        } catch (SQLException | RuntimeException e) {
            transaction.abort();
            throw e;
        }
        Optional<Snapshot> position = done ? Optional.empty()
                : last == null ? current.snapshot() : Optional.of(Snapshot.after(last));
        Progress next = current.plusSnapshot(current.position(), position, rows - rejected.size(), rejected.size());
        transaction.commit(next);
        if (done) {
            close();
            LOG.infof("connector=%s dataset=%s position=%s first load done: rowsSeen=%d accepted=%d deadLettered=%d; "
                    + "polling by watermark from here", declaration.name(), declaration.dataset().id(),
                    next.positionText(), next.rowsSeen(), next.accepted(), next.deadLettered());
        } else {
            from = next;
        }
        return new Step(next, rows, rejected, done);
    }

    /** Ends the pass's cursor, if one is open; the next step starts from the committed position again. */
    @Override
    public void close() {
        PrefetchedRows open = cursor;
        cursor = null;
        from = null;
        if (open != null) {
            open.close();
        }
    }
}
