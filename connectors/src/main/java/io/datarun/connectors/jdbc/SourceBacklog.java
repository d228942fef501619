package io.datarun.connectors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What is left to read of a JDBC source after a position: the row count and how far the position's
 * watermark is behind the newest of those rows (zero when none is left).
 */
public record SourceBacklog(long rows, Duration lag) {

    /** Runs {@link IncrementalQuery#backlogSql} on the given connection (left open: it is the poll's). */
    public static SourceBacklog count(Connection connection, IncrementalQuery query, Optional<SourcePosition> after)
            throws SQLException {
        List<Object> parameters = query.backlogParameters(after);
        try (PreparedStatement statement = connection.prepareStatement(query.backlogSql(after))) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                long rows = result.getLong(1);
                Object newest = result.getObject(2);
                if (rows == 0 || newest == null || after.isEmpty()) {
                    return new SourceBacklog(rows, rows == 0 ? Duration.ZERO : null);
                }
                Duration lag = Duration.between(after.get().ts(), SourcePosition.timestamp(newest));
                return new SourceBacklog(rows, lag.isNegative() ? Duration.ZERO : lag);
            }
        }
    }
}
