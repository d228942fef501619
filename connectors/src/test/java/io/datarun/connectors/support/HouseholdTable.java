package io.datarun.connectors.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The public security bureau's {@code hukou_residents} table as the JDBC test resources create and declare it. */
public final class HouseholdTable {
    private HouseholdTable() {
    }

    /** Creates the table (and its watermark index) in a fresh PostgreSQL database. */
    public static void create(String url) {
        TestDatabases.execute(url, TestDatabases.POSTGRES_USER, """
                CREATE TABLE hukou_residents (
                  id BIGINT PRIMARY KEY, sfzh VARCHAR(18), xm VARCHAR(50), xb CHAR(1), csrq DATE,
                  mz VARCHAR(20), hh VARCHAR(20), hjdz VARCHAR(200), xzqh CHAR(6), gxsj TIMESTAMP,
                  sc_bz CHAR(1))""",
                "CREATE INDEX hukou_residents_gxsj ON hukou_residents (gxsj, id)");
    }

    /** Creates the table (UTF-8, with its watermark index) in a fresh MariaDB database. */
    public static void createMariaDb(String url) {
        TestDatabases.execute(url, TestDatabases.MARIADB_USER, """
                CREATE TABLE hukou_residents (
                  id BIGINT PRIMARY KEY, sfzh VARCHAR(18), xm VARCHAR(50), xb CHAR(1), csrq DATE,
                  mz VARCHAR(20), hh VARCHAR(20), hjdz VARCHAR(200), xzqh CHAR(6), gxsj DATETIME(6),
                  INDEX hukou_residents_gxsj (gxsj, id)) DEFAULT CHARSET=utf8mb4""");
    }

    /**
     * Writes {@code <connector>.yaml} into {@code folder}: a JDBC connector over the table, polling
     * every 200 ms; {@code url} is the declaration's text for the JDBC URL (it may be a placeholder).
     */
    public static Path declare(Path folder, String connector, String url, int batchSize) throws IOException {
        return declare(folder, connector, url, TestDatabases.POSTGRES_USER, batchSize);
    }

    /** {@link #declare(Path, String, String, int)} for a database user other than PostgreSQL's. */
    public static Path declare(Path folder, String connector, String url, String user, int batchSize)
            throws IOException {
        return declare(folder, connector, """
                kind: jdbc
                url: %s
                user: %s
                table: hukou_residents
                watermark: {column: gxsj, key: id}
                batchSize: %d
                pollInterval: 200ms
                """.formatted(url, user, batchSize));
    }

    /**
     * Writes {@code <connector>.yaml} into {@code folder}: a connector of the household registry with
     * the given {@code source:} keys (one per line) and the mapping of this table's columns; on
     * PostgreSQL with {@code deleted: sc_bz}.
     */
    public static Path declare(Path folder, String connector, String source) throws IOException {
        return declare(folder, connector, source, source.contains(TestDatabases.POSTGRES_USER));
    }

    /** {@link #declare(Path, String, String)}, with or without {@code deleted: sc_bz}. */
    public static Path declare(Path folder, String connector, String source, boolean softDelete) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(connector + ".yaml"), """
                name: %s
                dataset: public-security.household-registry
                source:
                %smapping:
                  residentId: sfzh
                  name: xm
                  gender: {column: xb, codes: {"1": MALE, "2": FEMALE, "9": UNKNOWN}}
                  birthDate: csrq
                  ethnicity: mz
                  householdNumber: hh
                  registeredAddress: hjdz
                  divisionCode: xzqh
                  updatedAt: gxsj
                %s""".formatted(connector, source.indent(2),
                // PostgreSQL tables (create above) carry a soft-delete column: sc_bz = '1' deletes the row
                softDelete ? "deleted: {column: sc_bz, values: \"1\"}\n" : ""));
    }
}
