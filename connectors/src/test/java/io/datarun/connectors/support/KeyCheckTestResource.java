package io.datarun.connectors.support;

import io.datarun.kafkalocal.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Two tables whose rows are {@code DELETE}d (no soft-delete column is declared): one on PostgreSQL, one
 * on MariaDB, each with its own connector into the same dataset, both comparing keys every second; a
 * real broker.
 */
public class KeyCheckTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String POSTGRES_CONNECTOR = "ps-key-check-pg";
    public static final String MARIADB_CONNECTOR = "ps-key-check-maria";

    private Path root;
    private LocalKafkaBroker broker;
    private String database;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("datarun-key-check-test");
            broker = TestKafka.start(root);
            database = TestDatabases.freshName();
            String postgresUrl = TestDatabases.createPostgres(database);
            HouseholdTable.create(postgresUrl);
            String mariaDbUrl = TestDatabases.createMariaDb(database);
            HouseholdTable.createMariaDb(mariaDbUrl);
            Path declarations = root.resolve("declarations");
            HouseholdTable.declare(declarations, POSTGRES_CONNECTOR, source(postgresUrl, TestDatabases.POSTGRES_USER), false);
            HouseholdTable.declare(declarations, MARIADB_CONNECTOR, source(mariaDbUrl, TestDatabases.MARIADB_USER), false);
            return TestKafka.runtimeConfig(broker, Map.of(
                    "datarun.connectors.dir", declarations.toString(),
                    "datarun-test.jdbc-url", postgresUrl,
                    "datarun-test.mariadb-url", mariaDbUrl));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            TestDatabases.dropPostgres(database);
            TestDatabases.dropMariaDb(database);
        }
        TempFolder.delete(root);
    }
}
