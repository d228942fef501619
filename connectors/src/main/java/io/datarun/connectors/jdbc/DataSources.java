package io.datarun.connectors.jdbc;

import io.datarun.connectors.declaration.JdbcSource;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * One small data source per connector, from the JDBC drivers a class loader finds (H2, PostgreSQL
 * and MariaDB ship with the runtime; others come from its plugins folder). It opens one connection per poll (kept for all batches of a
 * backfill loop, see {@link PollScopedDataSource}) and closes it after: a connector holds no
 * connection to a departmental database between polls.
 */
public final class DataSources {
    private DataSources() {
    }

    /** A data source whose connections are shared across the batches of one poll (see {@link PollScopedDataSource}). */
    public static PollScopedDataSource perPoll(JdbcSource source, ClassLoader drivers) {
        return new PollScopedDataSource(create(source, drivers));
    }

    /**
     * A data source over the driver that accepts the source's URL. The driver is used directly, not
     * through {@code DriverManager}, which refuses drivers its caller's class loader cannot see
     * (those of the plugins folder).
     */
    public static DataSource create(JdbcSource source, ClassLoader drivers) {
        Driver driver = driverFor(source.url(), drivers);
        SimpleDriverDataSource dataSource = new ReadOnlyDataSource(driver, source.url());
        source.user().ifPresent(dataSource::setUsername);
        source.password().ifPresent(dataSource::setPassword);
        return dataSource;
    }

    /**
     * Every connection read-only, for the session: a connector reads, and a declaration's query (or a
     * mistake in one) must not change the department's data. The database's own account should be
     * read-only too (docs/security.md); this holds even where it is not. {@code setReadOnly} alone
     * is a hint some drivers ignore in auto-commit mode, so the session is set read-only in SQL where
     * the dialect is known.
     */
    private static final class ReadOnlyDataSource extends SimpleDriverDataSource {
        private final String url;

        ReadOnlyDataSource(Driver driver, String url) {
            super(driver, url);
            this.url = url;
        }

        @Override
        protected java.sql.Connection getConnectionFromDriver(java.util.Properties props) throws SQLException {
            java.sql.Connection connection = super.getConnectionFromDriver(props);
            try {
                connection.setReadOnly(true);
                String scheme = JdbcUrlPolicy.scheme(url);
                String session = switch (scheme) {
                    case "postgresql", "opengauss", "kingbase8" -> "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
                    case "mariadb", "mysql" -> "SET SESSION TRANSACTION READ ONLY";
                    default -> null;
                };
                if (session != null) {
                    try (java.sql.Statement statement = connection.createStatement()) {
                        statement.execute(session);
                    }
                }
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
    }

    static Driver driverFor(String url, ClassLoader drivers) {
        for (Driver driver : ServiceLoader.load(Driver.class, drivers)) {
            try {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            } catch (SQLException e) {
                // a driver that cannot tell is not the one
            }
        }
        throw new IllegalArgumentException("no JDBC driver accepts '" + url.replaceAll("[?;].*", "")
                + "'; the runtime ships H2, PostgreSQL and MariaDB drivers, others go into its plugins folder "
                + "(datarun.connectors.plugins-dir)");
    }
}
