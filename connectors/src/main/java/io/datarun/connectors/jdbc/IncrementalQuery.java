package io.datarun.connectors.jdbc;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.JdbcSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SELECT a connector polls with, in camel-sql's named-parameter syntax ({@code :#name}). Only
 * identifiers checked against {@link JdbcSource#IDENTIFIER} are written into the text; the
 * position and the batch size are always bound parameters.
 *
 * <p>Rows are read in {@code (watermark, key)} order, and the next batch starts strictly after
 * the last committed row: {@code ts >= :ts AND (ts > :ts OR key > :key)}, which is the same set as
 * {@code ts > :ts OR (ts = :ts AND key > :key)} but lets PostgreSQL and MariaDB start an index range
 * scan on {@code (ts, key)} at the position instead of walking the index from its beginning and
 * filtering (quadratic over a backfill; the form works on H2, PostgreSQL and MariaDB alike). Rows sharing one timestamp
 * are therefore neither skipped nor repeated when a batch boundary falls between them. Rows whose
 * watermark column is NULL are never read (they have no place in that order; the first query
 * excludes them too). A row written later with a watermark at or before the committed position
 * (a clock going back, a long-running source transaction) is not read either: the source must set
 * the watermark when the row is committed, not earlier.
 */
public final class IncrementalQuery {
    public static final String TS = "ts";
    public static final String KEY = "key";
    public static final String LIMIT = "limit";

    private final String first;
    private final String next;
    private final String backlogAll;
    private final String backlogAfter;

    public IncrementalQuery(JdbcSource source, Collection<String> columns) {
        String ts = checked(source.watermarkColumn());
        String key = checked(source.keyColumn());
        String select = "SELECT " + String.join(", ", columns.stream().map(IncrementalQuery::checked).toList())
                + " FROM " + relation(source);
        String order = " ORDER BY " + ts + ", " + key + " LIMIT :#" + LIMIT;
        this.first = select + " WHERE " + ts + " IS NOT NULL" + order;
        // the first conjunct is redundant for the result but gives the planner an index range on (ts, key)
        this.next = select + " WHERE " + ts + " >= :#" + TS + " AND (" + ts + " > :#" + TS + " OR " + key + " > :#" + KEY
                + ")" + order;
        // progress only, once per progress interval: the same predicates, JDBC '?' parameters
        String backlog = "SELECT COUNT(*), MAX(" + ts + ") FROM " + relation(source);
        this.backlogAll = backlog + " WHERE " + ts + " IS NOT NULL";
        this.backlogAfter = backlog + " WHERE " + ts + " >= ? AND (" + ts + " > ? OR " + key + " > ?)";
    }

    public static IncrementalQuery of(ConnectorDeclaration declaration) {
        return new IncrementalQuery(declaration.jdbc(), declaration.columns());
    }

    /** The query for the next batch after a committed position, or the first one without. */
    public String sql(Optional<SourcePosition> after) {
        return after.isPresent() ? next : first;
    }

    /** The bound values for {@link #sql}. */
    public Map<String, Object> parameters(Optional<SourcePosition> after, int batchSize) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        after.ifPresent(position -> {
            parameters.put(TS, position.ts());
            parameters.put(KEY, position.key());
        });
        parameters.put(LIMIT, batchSize);
        return parameters;
    }

    /**
     * Counts the rows beyond a committed position and gives the newest watermark among them:
     * {@code SELECT COUNT(*), MAX(ts)}, positional parameters from {@link #backlogParameters}. With
     * an index on {@code (ts, key)} this is a range count from the position, cheap enough for once
     * per progress interval (never per batch).
     */
    public String backlogSql(Optional<SourcePosition> after) {
        return after.isPresent() ? backlogAfter : backlogAll;
    }

    /** The values for {@link #backlogSql}, in order. */
    public List<Object> backlogParameters(Optional<SourcePosition> after) {
        return after.map(p -> List.<Object>of(p.ts(), p.ts(), p.key())).orElse(List.of());
    }

    static String relation(JdbcSource source) {
        return source.table().map(IncrementalQuery::checked)
                .orElseGet(() -> "(" + source.query().orElseThrow() + ") src");
    }

    static String checked(String identifier) {
        if (!JdbcSource.IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: '" + identifier + "'");
        }
        return identifier;
    }
}
