package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A relational source read incrementally ({@code kind: jdbc}): either a {@code table} or a
 * {@code query} (a SELECT used as a subquery), read in {@code (watermark column, key)} order.
 */
@Option.Kind("jdbc")
public record JdbcSource(
        @Option(description = "JDBC URL, e.g. `jdbc:postgresql://host:5432/db`, `jdbc:mariadb://host:3306/db`; "
                + "H2, PostgreSQL and MariaDB drivers ship, others go into the plugins folder")
        String url,
        @Option(emptyIsAbsent = true, description = "the database user (use `${ENV:default}`)")
        Optional<String> user,
        @Option(emptyIsAbsent = true, description = "its password: `${ENV:}`, never the password itself")
        Optional<String> password,
        @Option(description = "a table name; give `table` **or** `query`")
        Optional<String> table,
        @Option(description = "one `SELECT` (no `;`), used as a subquery, instead of a `table`")
        Optional<String> query,
        @Option(description = "the order rows are read in: `{column, key}`")
        Watermark watermark,
        @Option(defaultValue = "50000", description = "the first load (one streaming pass in key order, see "
                + "[first loads](#first-loads-of-a-jdbc-table)) commits a Kafka transaction every this many rows, "
                + "1–1000000; `batchSize` stays the batch of the watermark polls after it")
        int backfillRows,
        @Option(defaultValue = "5s", description = "… or once a first-load transaction has been open this long, "
                + "whichever comes first")
        Duration backfillTime,
        @Option(description = "compare the table's subjects with the ones this connector published this often "
                + "(`1h`, `1d`) and publish tombstones for those gone from the table; for tables whose rows are "
                + "`DELETE`d (see [deletes](#deletes-at-the-source-deleted))")
        Optional<Duration> keyCheck,
        @Option.Inline
        Polling polling) implements SourceDeclaration {

    static final int MAX_BACKFILL_ROWS = 1_000_000;

    /** SQL identifiers are inlined into queries, so they must be plain names; values are always bound. */
    public static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    /**
     * @param column the updated-at column; rows where it is NULL are never read
     * @param key    a unique key column, the tie-breaker between rows sharing one timestamp
     */
    public record Watermark(
            @Option(description = "updated-at column (DATE/TIMESTAMP). Rows whose watermark is NULL are never read; "
                    + "the source must set it when the row is committed")
            String column,
            @Option(description = "a unique key column, the tie-breaker between rows sharing one watermark")
            String key) {

        public Watermark {
            identifier("column", column);
            identifier("key", key);
        }
    }

    public JdbcSource {
        if (backfillRows < 1 || backfillRows > MAX_BACKFILL_ROWS) {
            throw new InvalidOption("backfillRows", "expected a row count between 1 and " + MAX_BACKFILL_ROWS
                    + ", found " + backfillRows);
        }
        if (backfillTime.isNegative() || backfillTime.isZero()) {
            throw new InvalidOption("backfillTime", "expected a positive duration, found " + backfillTime);
        }
        keyCheck.filter(d -> d.compareTo(Duration.ofSeconds(1)) < 0).ifPresent(d -> {
            throw new InvalidOption("keyCheck", "expected at least 1s, found " + d);
        });
        if (table.isPresent() == query.isPresent()) {
            throw new InvalidOption("", "expected exactly one of 'table' or 'query'");
        }
        table.ifPresent(t -> identifier("table", t));
        query = query.map(String::strip);
        query.ifPresent(q -> {
            if (!q.regionMatches(true, 0, "select", 0, 6) || q.contains(";")) {
                throw new InvalidOption("query", "expected one SELECT statement without ';' (it is used as a subquery)");
            }
        });
    }

    /** A source with the default first-load transactions and no key comparison. */
    public JdbcSource(String url, Optional<String> user, Optional<String> password, Optional<String> table,
            Optional<String> query, Watermark watermark, Polling polling) {
        this(url, user, password, table, query, watermark, 50_000, Duration.ofSeconds(5), Optional.empty(), polling);
    }

    static void identifier(String key, String text) {
        if (!IDENTIFIER.matcher(text).matches()) {
            throw new InvalidOption(key, "expected an SQL identifier matching " + IDENTIFIER.pattern() + ", found '" + text
                    + "'");
        }
    }

    /** The updated-at column; rows where it is NULL are never read. */
    public String watermarkColumn() {
        return watermark.column();
    }

    /** A unique key column, the tie-breaker between rows sharing one timestamp. */
    public String keyColumn() {
        return watermark.key();
    }

    @Override
    public String toString() {
        // the password never reaches a log line
        return "JdbcSource[url=" + url + ", user=" + user.orElse("") + ", "
                + table.map(t -> "table=" + t).orElse("query") + ", watermark=(" + watermark.column() + ", "
                + watermark.key() + "), batchSize=" + batchSize() + ", pollInterval=" + pollInterval() + ", zone="
                + zone() + ", backfillRows=" + backfillRows + ", backfillTime=" + backfillTime
                + keyCheck.map(d -> ", keyCheck=" + d).orElse("") + "]";
    }
}
