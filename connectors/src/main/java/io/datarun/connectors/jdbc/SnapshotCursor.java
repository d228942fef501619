package io.datarun.connectors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * The open result of a first load's query, read row by row while the database sends the next rows:
 * a server-side cursor, not a result held in memory. PostgreSQL makes one only inside a transaction
 * with a fetch size ({@code autoCommit} off, as here); MariaDB Connector/J streams with a fetch size;
 * MySQL Connector/J streams with {@code Integer.MIN_VALUE} (or {@code useCursorFetch=true} in the URL).
 * The transaction is a read-only one and is rolled back when the cursor closes. Values are read as
 * camel-sql reads them for the watermark polls, so both paths map a row alike.
 */
public final class SnapshotCursor implements AutoCloseable {
    public static final int FETCH_SIZE = 2_000;

    private final Connection connection;
    private final boolean autoCommit;
    private final PreparedStatement statement;
    private final ResultSet result;
    private final ColumnRow.Layout layout;
    private final int columns;

    private SnapshotCursor(Connection connection, boolean autoCommit, PreparedStatement statement, ResultSet result)
            throws SQLException {
        this.connection = connection;
        this.autoCommit = autoCommit;
        this.statement = statement;
        this.result = result;
        ResultSetMetaData meta = result.getMetaData();
        String[] labels = new String[meta.getColumnCount()];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = JdbcUtils.lookupColumnName(meta, c + 1);
        }
        this.layout = new ColumnRow.Layout(labels);
        this.columns = labels.length;
    }

    /** Runs the query on the connection (which stays open: it belongs to the poll) and starts streaming. */
    public static SnapshotCursor open(Connection connection, String sql, List<Object> parameters) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        PreparedStatement statement = null;
        try {
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(fetchSize(connection));
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return new SnapshotCursor(connection, autoCommit, statement, statement.executeQuery());
        } catch (SQLException | RuntimeException e) {
            if (statement != null) {
                statement.close();
            }
            restore(connection, autoCommit);
            throw e;
        }
    }

    private static int fetchSize(Connection connection) throws SQLException {
        String driver = connection.getMetaData().getDriverName().toLowerCase(java.util.Locale.ROOT);
        // MySQL Connector/J streams only with this value unless the URL asks for cursor fetch
        return driver.contains("mysql") && !driver.contains("mariadb") ? Integer.MIN_VALUE : FETCH_SIZE;
    }

    /**
     * The next row (column label to value, looked up case-insensitively as {@link SourceRows} does), or
     * null when the pass has read every row.
     */
    public Map<String, Object> next() throws SQLException {
        if (!result.next()) {
            return null;
        }
        Object[] values = new Object[columns];
        for (int c = 0; c < columns; c++) {
            values[c] = JdbcUtils.getResultSetValue(result, c + 1);
        }
        return new ColumnRow(layout, values);
    }

    @Override
    public void close() {
        try {
            result.close();
            statement.close();
        } catch (SQLException e) {
            // a broken connection: the poll releases (closes) it anyway
        }
        restore(connection, autoCommit);
    }

    private static void restore(Connection connection, boolean autoCommit) {
        try {
            connection.rollback(); // ends the read-only transaction the cursor lived in
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // as above
        }
    }
}
