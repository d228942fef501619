package io.datarun.connectors.declaration;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A relational source read incrementally: either a {@code table} or a {@code query} (a SELECT used
 * as a subquery), ordered by the watermark {@code (column, key)}.
 *
 * @param watermarkColumn the updated-at column; rows where it is NULL are never read
 * @param keyColumn a unique key column, the tie-breaker between rows sharing one timestamp
 * @param zone the zone of timestamp columns without an offset
 */
public record JdbcSource(
        String url,
        Optional<String> user,
        Optional<String> password,
        Optional<String> table,
        Optional<String> query,
        String watermarkColumn,
        String keyColumn,
        int batchSize,
        Duration pollInterval,
        ZoneId zone) implements SourceDeclaration {

    @Override
    public String kind() {
        return "jdbc";
    }

    @Override
    public String toString() {
        // the password never reaches a log line
        return "JdbcSource[url=" + url + ", user=" + user.orElse("") + ", "
                + table.map(t -> "table=" + t).orElse("query") + ", watermark=(" + watermarkColumn + ", "
                + keyColumn + "), batchSize=" + batchSize + ", pollInterval=" + pollInterval + ", zone=" + zone + "]";
    }
}
