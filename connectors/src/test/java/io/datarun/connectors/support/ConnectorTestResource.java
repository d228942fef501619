package io.datarun.connectors.support;

import io.datarun.testkit.TestBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real KRaft broker in this JVM, a fresh PostgreSQL database with the public security bureau's
 * {@code hukou_residents} table, and a declaration for it in a temporary folder. Small batches and a
 * short poll interval make batch boundaries fall inside groups of rows sharing a timestamp.
 */
public class ConnectorTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String CONNECTOR = "ps-household-registry-test";
    public static final int BATCH_SIZE = 7;

    private Path root;
    private TestBroker broker;
    private String database;

    @Override
    public Map<String, String> start() {
        try {
            broker = TestKafka.start("datarun-connectors-test");
            root = broker.root();
            database = TestDatabases.freshName();
            String url = TestDatabases.createPostgres(database);
            HouseholdTable.create(url);
            Path declarations = root.resolve("declarations");
            HouseholdTable.declare(declarations, CONNECTOR, "${DATARUN_TEST_DB_URL:" + url + "}", BATCH_SIZE);
            return TestKafka.runtimeConfig(broker, Map.of(
                    "datarun.connectors.dir", declarations.toString(),
                    "datarun-test.jdbc-url", url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            TestDatabases.dropPostgres(database);
        }
    }
}
