package io.datarun.connectors.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.SmartDataSource;

/**
 * A data source that hands out one connection for the whole backfill loop of a poll: between
 * {@link #hold()} and {@link #release()} every {@link #getConnection()} returns the same connection
 * (opened on first use), and Spring's {@code JdbcTemplate} (which camel-sql uses) does not close it
 * after each statement because {@link #shouldClose} says no. Outside a poll it behaves like its
 * target: a new connection per call, closed after use. So a connector still holds nothing open on a
 * departmental database between polls, but a backfill of many batches opens one session, not one
 * per batch. Used by one route thread at a time.
 */
public final class PollScopedDataSource extends AbstractDataSource implements SmartDataSource {
    private final DataSource target;
    private volatile boolean holding;
    private volatile Connection held;

    public PollScopedDataSource(DataSource target) {
        this.target = target;
    }

    /** From now until {@link #release()}, all statements share one connection. */
    public void hold() {
        holding = true;
    }

    /** Closes the shared connection (if one was opened); later calls get a connection each again. */
    public void release() {
        holding = false;
        Connection current = held;
        held = null;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                // closing a broken connection may fail; nothing else refers to it
            }
        }
    }

    /** Whether a shared connection is open now (for tests). */
    public boolean isHoldingConnection() {
        return held != null;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!holding) {
            return target.getConnection();
        }
        Connection current = held;
        if (current == null || current.isClosed()) {
            current = target.getConnection();
            held = current;
        }
        return current;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the credentials come from the declaration");
    }

    @Override
    public boolean shouldClose(Connection connection) {
        return connection != held;
    }
}
