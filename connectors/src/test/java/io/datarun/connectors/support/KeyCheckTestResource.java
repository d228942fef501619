package io.datarun.connectors.support;

import java.nio.file.Path;
import java.util.Map;

/**
 * Two tables whose rows are {@code DELETE}d (no soft-delete column is declared): one on PostgreSQL, one
 * on MariaDB, each with its own connector into the same dataset, both comparing keys every second; a
 * real broker.
 */
public class KeyCheckTestResource extends ConnectorsTestResource {
    public static final String POSTGRES_CONNECTOR = "ps-key-check-pg";
    public static final String MARIADB_CONNECTOR = "ps-key-check-maria";

    private String database;

    public KeyCheckTestResource() {
        super("datarun-key-check-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        database = TestDatabases.freshName();
        String postgresUrl = TestDatabases.createPostgres(database);
        HouseholdTable.create(postgresUrl);
        String mariaDbUrl = TestDatabases.createMariaDb(database);
        HouseholdTable.createMariaDb(mariaDbUrl);
        Path declarations = root.resolve("declarations");
        HouseholdTable.declare(declarations, POSTGRES_CONNECTOR, source(postgresUrl, TestDatabases.POSTGRES_USER), false);
        HouseholdTable.declare(declarations, MARIADB_CONNECTOR, source(mariaDbUrl, TestDatabases.MARIADB_USER), false);
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.jdbc-url", postgresUrl,
                "datarun-test.mariadb-url", mariaDbUrl);
    }

    private static String source(String url, String user) {
        return """
                kind: jdbc
                url: %s
                user: %s
                table: hukou_residents
                watermark: {column: gxsj, key: id}
                batchSize: 50
                pollInterval: 200ms
                keyCheck: 1s
                """.formatted(url, user);
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            TestDatabases.dropPostgres(database);
            TestDatabases.dropMariaDb(database);
        }
    }
}
