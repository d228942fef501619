package io.datarun.e2e;

import io.datarun.demo.DemoDatabase;
import io.datarun.demo.DemoResident;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The public security bureau's departmental database for one test class: a fresh PostgreSQL
 * database on 127.0.0.1:5432 (user postgres, trust authentication), dropped at the end.
 */
final class DepartmentDatabase implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    private static final String COLUMNS = " (id, sfzh, xm, xb, csrq, mz, hh, hjdz, xzqh, gxsj)";

    private final String name;

    private DepartmentDatabase(String name) {
        this.name = name;
    }

    /** Creates an empty database with a random name. */
    static DepartmentDatabase create() {
        String name = "datarun_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connect(SERVER + "postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name); // generated name: letters, digits, underscore
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + SERVER
                    + " as user " + USER + " (is PostgreSQL running with trust authentication?): " + e.getMessage(), e);
        }
        return new DepartmentDatabase(name);
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return SERVER + name;
    }

    Connection connect() throws SQLException {
        return connect(jdbcUrl());
    }

    /** Creates {@code hukou_residents} and inserts the residents as the demo seeds them (gxsj in the past week). */
    void seed(List<DemoResident> residents) throws SQLException {
        try (Connection connection = connect()) {
            new DemoDatabase().seed(connection, residents);
        }
    }

    /** Inserts the residents in one transaction, each with the update time (gxsj) given. */
    void insert(List<DemoResident> residents, Function<DemoResident, LocalDateTime> updatedAt) throws SQLException {
        insert(DemoDatabase.TABLE, residents, updatedAt);
    }

    /** Creates another table shaped like the demo's (columns and the (gxsj, id) index). */
    void createTableLike(String table) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (LIKE " + DemoDatabase.TABLE + " INCLUDING ALL)");
        }
    }

    /** {@link #insert(List, Function)} into a table of the demo's shape. */
    void insert(String table, List<DemoResident> residents, Function<DemoResident, LocalDateTime> updatedAt)
            throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + COLUMNS
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DemoResident resident : residents) {
                    insert.setLong(1, resident.id());
                    insert.setString(2, resident.residentId());
                    insert.setString(3, resident.name());
                    insert.setString(4, resident.gender().code());
                    insert.setObject(5, resident.birthDate());
                    insert.setString(6, resident.ethnicity());
                    insert.setString(7, resident.householdNumber());
                    insert.setString(8, resident.address());
                    insert.setString(9, resident.divisionCode());
                    insert.setObject(10, updatedAt.apply(resident));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /**
     * Loads many residents fast with PostgreSQL's {@code COPY ... FROM STDIN} (CSV): 100,000 rows in
     * about a second, where batched INSERTs take several.
     */
    void copy(String table, List<DemoResident> residents, Function<DemoResident, LocalDateTime> updatedAt)
            throws SQLException, IOException {
        StringBuilder csv = new StringBuilder(residents.size() * 160);
        for (DemoResident r : residents) {
            csv.append(r.id()).append(',').append(quoted(r.residentId())).append(',').append(quoted(r.name()))
                    .append(',').append(r.gender().code()).append(',').append(r.birthDate()).append(',')
                    .append(quoted(r.ethnicity())).append(',').append(quoted(r.householdNumber())).append(',')
                    .append(quoted(r.address())).append(',').append(quoted(r.divisionCode())).append(',')
                    .append(updatedAt.apply(r)).append('\n');
        }
        try (Connection connection = connect()) {
            new CopyManager(connection.unwrap(BaseConnection.class)).copyIn("COPY " + table + COLUMNS
                    + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        }
    }

    /** CSV field: NULL when absent (unquoted empty), else quoted with doubled quotes. */
    private static String quoted(String value) {
        return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    /** Runs statements of the test's own (no values from outside). */
    void execute(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    long count() throws SQLException {
        try (Connection connection = connect()) {
            return new DemoDatabase().count(connection);
        }
    }

    long count(String table) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Every row's id and resident ID number (sfzh), by id. */
    Map<Long, String> residentIdsByRow() throws SQLException {
        return residentIdsByRow(DemoDatabase.TABLE);
    }

    Map<Long, String> residentIdsByRow(String table) throws SQLException {
        Map<Long, String> rows = new LinkedHashMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, sfzh FROM " + table + " ORDER BY id")) {
            while (result.next()) {
                rows.put(result.getLong(1), result.getString(2));
            }
        }
        return rows;
    }

    /** Drops the database, closing the connections still open on it. */
    @Override
    public void close() throws SQLException {
        try (Connection admin = connect(SERVER + "postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        return DriverManager.getConnection(url, properties);
    }
}
