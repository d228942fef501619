package io.datarun.connectors.support;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * Fresh databases on the real PostgreSQL (127.0.0.1:5432, user postgres) and MariaDB
 * (127.0.0.1:3306, root) of the development machine and CI; each test run creates its own
 * {@code datarun_conn_<random>} and drops it at the end.
 */
public final class TestDatabases {
    public static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String POSTGRES_USER = "postgres";
    public static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";
    public static final String MARIADB_USER = "root";

    private TestDatabases() {
    }

    public static String freshName() {
        return "datarun_conn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a PostgreSQL database and returns its JDBC URL. */
    public static String createPostgres(String name) {
        execute(POSTGRES_ADMIN_URL, POSTGRES_USER, "CREATE DATABASE " + name);
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    public static void dropPostgres(String name) {
        execute(POSTGRES_ADMIN_URL, POSTGRES_USER, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Creates a MariaDB database and returns its JDBC URL. */
    public static String createMariaDb(String name) {
        execute(MARIADB_ADMIN_URL, MARIADB_USER, "CREATE DATABASE " + name);
        return MARIADB_ADMIN_URL + name;
    }

    public static void dropMariaDb(String name) {
        execute(MARIADB_ADMIN_URL, MARIADB_USER, "DROP DATABASE IF EXISTS " + name);
    }

    /**
     * A connection from the driver itself: after a Quarkus test has run, DriverManager no longer
     * sees drivers loaded by another class loader.
     */
    public static Connection connect(String url, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", "");
        for (Driver driver : ServiceLoader.load(Driver.class, TestDatabases.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                return driver.connect(url, properties);
            }
        }
        throw new SQLException("no driver for " + url);
    }

    public static void execute(String url, String user, String... statements) {
        try (Connection connection = connect(url, user);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("on " + url + ": " + e.getMessage(), e);
        }
    }
}
