package io.datarun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.validation.Violation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class DepartmentDatabasesTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-30T01:40:00Z"), ZoneOffset.UTC);
    private static final LocalDateTime SEEDED_AT = LocalDateTime.of(2025, 5, 30, 9, 0);

    @Test
    void seedingPostgresIsIdempotentAndEveryRowReadsBackAsTheConnectorSeesIt() throws SQLException {
        Map<DemoTable, List<DemoRow>> tables = new DepartmentTables().generate(new DemoResidents().generate(3000));
        String name = "datarun_demo_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = postgres("postgres")) {
            execute(admin, "CREATE DATABASE " + name);
        }
        try (Connection connection = postgres(name)) {
            for (Map.Entry<DemoTable, List<DemoRow>> entry : tables.entrySet()) {
                DemoTable table = entry.getKey();
                List<DemoRow> rows = entry.getValue();
                assertThat(table.seed(connection, rows, CLOCK)).as(table.name()).isEqualTo(rows.size());
                assertThat(table.seed(connection, rows, CLOCK)).as(table.name() + " again").isZero();
                assertThat(table.count(connection)).isEqualTo(rows.size());
                assertRowsReadBack(connection, table, rows);
            }
        } finally {
            try (Connection admin = postgres("postgres")) {
                execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void seedingH2TopsUpAndReadsBack() throws SQLException {
        Map<DemoTable, List<DemoRow>> tables = new DepartmentTables().generate(new DemoResidents().generate(2000));
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:departments-" + System.nanoTime(), "sa", "")) {
            for (Map.Entry<DemoTable, List<DemoRow>> entry : tables.entrySet()) {
                DemoTable table = entry.getKey();
                List<DemoRow> rows = entry.getValue();
                int half = rows.size() / 2;
                assertThat(table.seed(connection, rows.subList(0, half), CLOCK)).isEqualTo(half);
                assertThat(table.seed(connection, rows, CLOCK)).isEqualTo(rows.size() - half);
                assertThat(table.seed(connection, rows, CLOCK)).isZero();
                assertRowsReadBack(connection, table, rows);
            }
        }
    }

    private static void assertRowsReadBack(Connection connection, DemoTable table, List<DemoRow> rows)
            throws SQLException {
        DatasetDescriptor dataset = SchemaRegistry.load().latest(table.dataset()).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        Map<Long, Map<String, Object>> read = table.read(connection);
        assertThat(read).hasSize(rows.size());
        for (DemoRow row : rows) {
            Map<String, Object> fields = read.get(row.id());
            assertThat(((Timestamp) fields.get("updatedAt")).toLocalDateTime())
                    .isEqualTo(SEEDED_AT.minusHours(row.hoursBeforeSeed()));
            List<Violation> violations = assembler.assemble(dataset, fields).violations();
            if (row.isBad()) {
                assertThat(violations).as(table.name() + " " + row).extracting(Violation::code)
                        .containsExactly(row.expected().orElseThrow().code());
            } else {
                assertThat(violations).as(table.name() + " " + row).isEmpty();
            }
        }
    }

    private static Connection postgres(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        return DriverManager.getConnection(POSTGRES + database, properties);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
