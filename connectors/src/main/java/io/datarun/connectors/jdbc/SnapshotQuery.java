package io.datarun.connectors.jdbc;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.JdbcSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of a first load: one pass over the table in key order, which needs no index on the
 * watermark column (the unique key has one). Identifiers are checked as in {@link IncrementalQuery};
 * values are bound ({@code ?} parameters, in the order the methods give them).
 *
 * <p>The pass reads the rows whose watermark is at or before the bound taken when it began
 * ({@link #bounds}), after the last committed key: {@code ts <= :until AND key > :after ORDER BY key}.
 * Resuming with the same bound and key gives the same rows (those not changed meanwhile), so a
 * crash neither skips nor repeats one. Rows changed while the pass runs get a newer watermark: the
 * pass no longer sees them, the watermark polls that follow it read them.
 */
public final class SnapshotQuery {
    private final String boundsSql;
    private final String lastKeySql;
    private final String rowsFromStart;
    private final String rowsAfter;
    private final String countFromStart;
    private final String countAfter;

    public SnapshotQuery(JdbcSource source, Collection<String> columns) {
        String ts = IncrementalQuery.checked(source.watermarkColumn());
        String key = IncrementalQuery.checked(source.keyColumn());
        String relation = IncrementalQuery.relation(source);
        String select = "SELECT " + String.join(", ", columns.stream().map(IncrementalQuery::checked).toList())
                + " FROM " + relation + " WHERE " + ts + " <= ?";
        this.rowsFromStart = select + " ORDER BY " + key;
        this.rowsAfter = select + " AND " + key + " > ? ORDER BY " + key;
        this.boundsSql = "SELECT MAX(" + ts + ") FROM " + relation;
        this.lastKeySql = "SELECT MAX(" + key + ") FROM " + relation + " WHERE " + ts + " = ?";
        this.countFromStart = "SELECT COUNT(*) FROM " + relation + " WHERE " + ts + " <= ?";
        this.countAfter = countFromStart + " AND " + key + " > ?";
    }

    public static SnapshotQuery of(ConnectorDeclaration declaration) {
        return new SnapshotQuery(declaration.jdbc(), declaration.columns());
    }

    /** The pass's rows in key order. Parameters: the bound, then the last committed key if any. */
    public String rows(Optional<Object> after) {
        return after.isPresent() ? rowsAfter : rowsFromStart;
    }

    /**
     * The bound of a pass starting now: the newest watermark and the greatest key at it, a watermark
     * position; empty when no row has a watermark (nothing to load). Two scans of the table without an
     * index on the watermark, once per first load.
     */
    public Optional<SourcePosition> bound(Connection connection) throws SQLException {
        Object newest;
        try (PreparedStatement statement = connection.prepareStatement(boundsSql);
                ResultSet result = statement.executeQuery()) {
            result.next();
            newest = result.getObject(1);
        }
        if (newest == null) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(lastKeySql)) {
            statement.setObject(1, newest);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Optional.of(SourcePosition.of(newest, result.getObject(1)));
            }
        }
    }

    /** How many rows the pass still has to read after {@code after} (for progress and its ETA). */
    public long remaining(Connection connection, SourcePosition until, Optional<Object> after) throws SQLException {
        List<Object> parameters = parameters(until, after);
        try (PreparedStatement statement = connection.prepareStatement(after.isPresent() ? countAfter : countFromStart)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The values for {@link #rows}, in order. */
    public static List<Object> parameters(SourcePosition until, Optional<Object> after) {
        return after.map(key -> List.<Object>of(until.ts(), key)).orElseGet(() -> List.of(until.ts()));
    }
}
