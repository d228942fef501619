package io.datarun.connectors.support;

import java.nio.file.Path;
import java.util.Map;

/**
 * A real KRaft broker in this JVM, a fresh PostgreSQL database with the public security bureau's
 * {@code hukou_residents} table, and a declaration for it in a temporary folder. Small batches and a
 * short poll interval make batch boundaries fall inside groups of rows sharing a timestamp.
 */
public class ConnectorTestResource extends ConnectorsTestResource {
    public static final String CONNECTOR = "ps-household-registry-test";
    public static final int BATCH_SIZE = 7;

    private String database;

    public ConnectorTestResource() {
        super("datarun-connectors-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        database = TestDatabases.freshName();
        String url = TestDatabases.createPostgres(database);
        HouseholdTable.create(url);
        Path declarations = root.resolve("declarations");
        HouseholdTable.declare(declarations, CONNECTOR, "${DATARUN_TEST_DB_URL:" + url + "}", BATCH_SIZE);
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.jdbc-url", url);
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            TestDatabases.dropPostgres(database);
        }
    }
}
