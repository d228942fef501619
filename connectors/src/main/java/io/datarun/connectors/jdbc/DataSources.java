package io.datarun.connectors.jdbc;

import io.datarun.connectors.declaration.JdbcSource;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * One small data source per connector, from the JDBC drivers on the class path (H2, PostgreSQL,
 * MariaDB ship with the runtime). It opens one connection per poll (kept for all batches of a
 * backfill loop, see {@link PollScopedDataSource}) and closes it after: a connector holds no
 * connection to a departmental database between polls.
 */
public final class DataSources {
    private DataSources() {
    }

    /** A data source whose connections are shared across the batches of one poll (see {@link PollScopedDataSource}). */
    public static PollScopedDataSource perPoll(JdbcSource source) {
        return new PollScopedDataSource(create(source));
    }

    public static DataSource create(JdbcSource source) {
        Driver driver = driverFor(source.url());
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(driver, source.url());
        source.user().ifPresent(dataSource::setUsername);
        source.password().ifPresent(dataSource::setPassword);
        return dataSource;
    }

    static Driver driverFor(String url) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (Driver driver : ServiceLoader.load(Driver.class, loader != null ? loader : DataSources.class.getClassLoader())) {
            try {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            } catch (SQLException e) {
                // a driver that cannot tell is not the one
            }
        }
        throw new IllegalArgumentException("no JDBC driver on the class path accepts '" + url.replaceAll("[?;].*", "")
                + "'; the runtime ships H2, PostgreSQL and MariaDB drivers");
    }
}
