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
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoDatabaseTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    /** 2025-05-30 09:40 in Beijing: gxsj counts back from 09:00. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-30T01:40:00Z"), ZoneOffset.UTC);
    private static final LocalDateTime SEEDED_AT = LocalDateTime.of(2025, 5, 30, 9, 0);

    private final DemoDatabase database = new DemoDatabase(CLOCK);

    @Test
    void seedingPostgresInsertsEveryRowOnceAndTheConnectorMappingAcceptsThem() throws SQLException {
        int n = 2000;
        List<DemoResident> residents = new DemoResidents().generate(n);
        String name = "datarun_demo_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = postgres("postgres")) {
            execute(admin, "CREATE DATABASE " + name);
        }
        try {
            try (Connection connection = postgres(name)) {
                assertThat(database.seed(connection, residents)).isEqualTo(n);
                assertThat(database.count(connection)).isEqualTo(n);

                assertThat(database.seed(connection, residents)).isZero();
                assertThat(database.count(connection)).isEqualTo(n);

                assertRowsMatchTheResidents(connection, residents);
            }
        } finally {
            try (Connection admin = postgres("postgres")) {
                execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void seedingH2IsIdempotentAndTopsUpALargerCount() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:seed-" + System.nanoTime(), "sa", "")) {
            List<DemoResident> residents = new DemoResidents().generate(600);

            assertThat(database.seed(connection, residents.subList(0, 400))).isEqualTo(400);
            assertThat(database.seed(connection, residents.subList(0, 400))).isZero();
            assertThat(database.seed(connection, residents)).isEqualTo(200);
            assertThat(database.count(connection)).isEqualTo(600);

            assertRowsMatchTheResidents(connection, residents);
        }
    }

    @Test
    void h2FileUrlOfTheDemoWorks() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("demo-h2");
        String url = "jdbc:h2:file:" + dir.resolve("public-security") + ";AUTO_SERVER=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertThat(database.seed(connection, new DemoResidents().generate(50))).isEqualTo(50);
        }
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertThat(database.seed(connection, new DemoResidents().generate(50))).isZero();
            assertThat(database.count(connection)).isEqualTo(50);
        }
    }

    private static void assertRowsMatchTheResidents(Connection connection, List<DemoResident> residents)
            throws SQLException {
        DatasetDescriptor household = SchemaRegistry.load().latest(HukouRows.DATASET).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        Map<Long, Map<String, Object>> rows = HukouRows.read(connection);
        assertThat(rows).hasSize(residents.size());
        for (DemoResident resident : residents) {
            Map<String, Object> row = rows.get(resident.id());
            assertThat(row.get("residentId")).isEqualTo(resident.residentId());
            assertThat(row.get("name")).isEqualTo(resident.name());
            assertThat(row.get("updatedAt")).hasToString(
                    java.sql.Timestamp.valueOf(SEEDED_AT.minusHours(resident.hoursBeforeSeed())).toString());
            List<Violation> violations = assembler.assemble(household, row).violations();
            if (resident.isBad()) {
                assertThat(violations).extracting(Violation::code).containsExactly(resident.defect().orElseThrow().code());
            } else {
                assertThat(violations).as(resident.toString()).isEmpty();
            }
        }
        Map<Object, Long> rowsPerUpdateTime = HukouRows.gxsjValues(connection).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(rowsPerUpdateTime.values()).as("rows sharing one gxsj").anyMatch(count -> count > 1);
        assertThat(rowsPerUpdateTime.keySet()).allSatisfy(gxsj -> assertThat((LocalDateTime) gxsj)
                .isBetween(SEEDED_AT.minusDays(7), SEEDED_AT.minusHours(1)));
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
