package io.datarun.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A departmental table of the demo as its owner's system has it: pinyin-initial column names, an
 * {@code id BIGINT} key and a {@code gxsj TIMESTAMP} change time (the connector's watermark), plus
 * the mapping of its columns to the fields of the dataset it feeds — the same mapping its
 * connector declaration in {@code connectors/declarations} states (DepartmentTablesTest keeps them equal).
 * Seeding works on H2 and PostgreSQL with the same SQL and is idempotent: ids already present are
 * left alone.
 *
 * @param department  owning department, which is also the demo's H2 database name
 * @param dataset     the dataset the table feeds
 * @param name        table name
 * @param connector   connector name in its declaration
 * @param urlVariable environment variable of the declaration's JDBC URL, e.g. {@code CA_DB_URL}
 * @param title       what the table is, for the declaration's comment
 * @param columns     the data columns in order, without id and gxsj
 * @param delivery    how the department's system hands the table to datarun
 */
public record DemoTable(String department, String dataset, String name, String connector, String urlVariable,
        String title, List<Column> columns, Delivery delivery) {
    public static final String KEY = "id";
    public static final String WATERMARK = "gxsj";
    private static final int BATCH = 500;

    /**
     * How a department delivers the table: the demo shows one department per common kind of
     * source. The rows always live in the department's H2 database; the delivery decides what the
     * connector reads.
     */
    public enum Delivery {
        /** The connector reads the table itself (watermark on gxsj plus id). */
        JDBC,
        /** The department exports each seeding's new rows as a spreadsheet into its drop folder. */
        XLSX_DROP,
        /** The department's system answers JSON over HTTP ({@link DepartmentHttpService}). */
        HTTP
    }

    /** A table the connector reads over JDBC. */
    public DemoTable(String department, String dataset, String name, String connector, String urlVariable,
            String title, List<Column> columns) {
        this(department, dataset, name, connector, urlVariable, title, columns, Delivery.JDBC);
    }

    /** The same table, delivered another way. */
    public DemoTable deliveredBy(Delivery other) {
        return new DemoTable(department, dataset, name, connector, urlVariable, title, columns, other);
    }

    /** The department's drop folder for spreadsheets under the demo folder {@code dir}. */
    public static String dropDir(String dir, String department) {
        return dir + "/drops/" + department;
    }

    /** The environment variable of the declaration's drop folder or service address. */
    public String locationVariable() {
        String prefix = urlVariable.substring(0, urlVariable.length() - "_DB_URL".length());
        return switch (delivery) {
            case JDBC -> urlVariable;
            case XLSX_DROP -> prefix + "_DROP_DIR";
            case HTTP -> prefix + "_URL";
        };
    }

    /**
     * One column and the dataset field it maps to.
     *
     * @param name     column name (pinyin initials)
     * @param sqlType  its SQL type (portable between H2 and PostgreSQL)
     * @param jdbcType {@link Types} constant, for binding NULL
     * @param field    the dataset field it maps to
     * @param codes    source code to enum symbol, empty when the value is taken as it is
     */
    public record Column(String name, String sqlType, int jdbcType, String field, Map<String, String> codes) {
        public static Column text(String name, int length, String field) {
            return new Column(name, "VARCHAR(" + length + ")", Types.VARCHAR, field, Map.of());
        }

        public static Column coded(String name, String field, Map<String, String> codes) {
            return new Column(name, "VARCHAR(4)", Types.VARCHAR, field, codes);
        }

        public static Column date(String name, String field) {
            return new Column(name, "DATE", Types.DATE, field, Map.of());
        }

        public static Column integer(String name, String field) {
            return new Column(name, "INTEGER", Types.INTEGER, field, Map.of());
        }

        public static Column decimal(String name, int precision, String field) {
            return new Column(name, "DECIMAL(" + precision + ",2)", Types.DECIMAL, field, Map.of());
        }

        /** Amounts whose schema's v2 also has them as an Avro decimal: the double field to the exact one. */
        static final Map<String, String> EXACT_TWINS = Map.of("monthlyAmountYuan", "monthlyAmount",
                "monthlyPensionYuan", "monthlyPension");

        /** The v2 decimal field the connector fills from the same column, if any. */
        public java.util.Optional<String> exactField() {
            return jdbcType == Types.DECIMAL ? java.util.Optional.ofNullable(EXACT_TWINS.get(field)) : java.util.Optional.empty();
        }

        /** The source code that stands for {@code symbol}. */
        public String code(String symbol) {
            return codes.entrySet().stream().filter(e -> e.getValue().equals(symbol)).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(name + ": no code for " + symbol));
        }
    }

    public String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + name + " (" + KEY + " BIGINT PRIMARY KEY, "
                + columns.stream().map(c -> c.name() + " " + c.sqlType()).collect(Collectors.joining(", "))
                + ", " + WATERMARK + " TIMESTAMP)";
    }

    /** The default JDBC URL of the demo: one H2 file database per department under {@code dir}. */
    public String h2Url(String dir) {
        return "jdbc:h2:file:" + dir + "/" + department + ";AUTO_SERVER=TRUE";
    }

    public void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createTable());
            statement.execute("CREATE INDEX IF NOT EXISTS " + name + "_gxsj ON " + name + " (gxsj, id)");
        }
    }

    /**
     * Creates the table if needed and inserts the rows whose id is not there yet, in one
     * transaction; gxsj is the seeding time (to the hour) less each row's hours.
     *
     * @return the number of rows inserted
     */
    public int seed(Connection connection, List<DemoRow> rows, Clock clock) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            createSchema(connection);
            Set<Long> present = ids(connection);
            LocalDateTime seededAt = LocalDateTime.now(clock.withZone(DemoDatabase.SOURCE_ZONE)).truncatedTo(ChronoUnit.HOURS);
            String insert = "INSERT INTO " + name + " (" + KEY + ", "
                    + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ", " + WATERMARK
                    + ") VALUES (" + "?, ".repeat(columns.size() + 1) + "?)";
            int inserted = 0;
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (DemoRow row : rows) {
                    if (present.contains(row.id())) {
                        continue;
                    }
                    statement.setLong(1, row.id());
                    for (int i = 0; i < columns.size(); i++) {
                        Column column = columns.get(i);
                        Object value = row.values().get(column.name());
                        if (value == null) {
                            statement.setNull(i + 2, column.jdbcType());
                        } else {
                            statement.setObject(i + 2, value);
                        }
                    }
                    statement.setObject(columns.size() + 2, seededAt.minusHours(row.hoursBeforeSeed()));
                    statement.addBatch();
                    if (++inserted % BATCH == 0) {
                        statement.executeBatch();
                    }
                }
                if (inserted % BATCH != 0) {
                    statement.executeBatch();
                }
            }
            connection.commit();
            return inserted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The ids in the table. */
    public Set<Long> ids(Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + KEY + " FROM " + name)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    public long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The dataset fields of a row as the connector maps them: codes translated, gxsj as updatedAt. */
    public Map<String, Object> toFields(Map<String, Object> values, Object gxsj) {
        Map<String, Object> fields = new HashMap<>();
        for (Column column : columns) {
            Object value = values.get(column.name());
            if (value != null && !column.codes().isEmpty()) {
                value = column.codes().getOrDefault(value.toString().strip(), value.toString());
            }
            fields.put(column.field(), value);
            Object exact = value;
            column.exactField().ifPresent(field -> fields.put(field, exact));
        }
        fields.put("updatedAt", gxsj);
        return fields;
    }

    /** Every row in the table by id, as JDBC hands it out, mapped to dataset fields. */
    public Map<Long, Map<String, Object>> read(Connection connection) throws SQLException {
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + name)) {
            while (rs.next()) {
                Map<String, Object> values = new HashMap<>();
                for (Column column : columns) {
                    values.put(column.name(), rs.getObject(column.name()));
                }
                Timestamp gxsj = rs.getTimestamp(WATERMARK);
                rows.put(rs.getLong(KEY), toFields(values, gxsj));
            }
        }
        return rows;
    }

    /** The connector declaration of this table, as shipped in {@code connectors/declarations/<connector>.yaml}. */
    public String declaration() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# ").append(title).append("\n");
        yaml.append("# Generated from io.datarun.demo.DemoTable (DepartmentTablesTest keeps the two equal).\n");
        yaml.append("name: ").append(connector).append("\n");
        yaml.append("dataset: ").append(dataset).append("\n");
        yaml.append("source:\n");
        String variable = locationVariable();
        switch (delivery) {
            case JDBC -> {
                String prefix = urlVariable.substring(0, urlVariable.length() - "_URL".length());
                yaml.append("  kind: jdbc\n");
                yaml.append("  url: ${").append(urlVariable).append(":").append(h2Url("./data/demo")).append("}\n");
                yaml.append("  user: ${").append(prefix).append("_USER:sa}\n");
                yaml.append("  password: ${").append(prefix).append("_PASSWORD:}\n");
                yaml.append("  table: ").append(name).append("\n");
                yaml.append("  watermark: {column: gxsj, key: id}   # rows whose gxsj is NULL are never read\n");
                yaml.append("  batchSize: 500\n");
                yaml.append("  pollInterval: 2s\n");
                yaml.append("  zone: Asia/Shanghai\n");
            }
            case XLSX_DROP -> {
                yaml.append("  kind: file   # the department drops a spreadsheet export of its ").append(name)
                        .append(" table here\n");
                yaml.append("  dir: ${").append(variable).append(":").append(dropDir("./data/demo", department))
                        .append("}\n");
                yaml.append("  settle: 2s\n");
                yaml.append("  batchSize: 500\n");
                yaml.append("  pollInterval: 2s\n");
                yaml.append("  zone: Asia/Shanghai\n");
            }
            case HTTP -> {
                yaml.append("  kind: http   # the department's own service, paged, asked for changes since the last one\n");
                yaml.append("  url: ${").append(variable).append(":http://127.0.0.1:8082/").append(department)
                        .append("}/api/v1/").append(name).append("\n");
                yaml.append("  itemsPath: items\n");
                yaml.append("  pageParam: page\n");
                yaml.append("  sinceParam: changedSince\n");
                yaml.append("  sinceField: gxsj\n");
                yaml.append("  keyField: id\n");
                yaml.append("  batchSize: 500\n");
                yaml.append("  pollInterval: 2s\n");
                yaml.append("  zone: Asia/Shanghai\n");
            }
        }
        yaml.append("mapping:\n");
        for (Column column : columns) {
            yaml.append("  ").append(column.field()).append(": ");
            if (column.codes().isEmpty()) {
                yaml.append(column.name());
            } else {
                yaml.append("{column: ").append(column.name()).append(", codes: {")
                        .append(column.codes().entrySet().stream()
                                .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", ")))
                        .append("}}");
            }
            yaml.append("\n");
            // the schema's v2 has the amount as an Avro decimal beside the double: the same column, exactly
            column.exactField().ifPresent(exact -> yaml.append("  ").append(exact).append(": ").append(column.name())
                    .append("   # v2: exact, an Avro decimal\n"));
        }
        yaml.append("  updatedAt: gxsj\n");
        return yaml.toString();
    }

    /** Ordered codes, for readable declarations. */
    static Map<String, String> codes(String... pairs) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            codes.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(codes);
    }
}
