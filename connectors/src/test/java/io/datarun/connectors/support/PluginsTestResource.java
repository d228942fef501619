package io.datarun.connectors.support;

import io.datarun.testkit.BrokerResource;
import io.datarun.testkit.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A runtime whose two connectors need its plugins folder: the SPI example ({@code kind: java}) over
 * a JSON-lines file, and a JDBC connector whose {@code jdbc:mysql:} URL only MySQL Connector/J (a
 * plugin jar) accepts, reading a fresh database on the real MariaDB. A real KRaft broker in this JVM.
 */
public class PluginsTestResource extends BrokerResource {
    public static final String JAVA_CONNECTOR = "ps-household-jsonl-test";
    public static final String MYSQL_CONNECTOR = "ps-household-mysql-test";

    private String database;

    public PluginsTestResource() {
        super("datarun-plugins-test", false);
    }

    @Override
    protected Map<String, String> configure(TestBroker broker) throws Exception {
        Path root = broker.root();
        Path plugins = PluginJars.copyInto(root);
        database = TestDatabases.freshName();
        String mariaDbUrl = TestDatabases.createMariaDb(database);
        HouseholdTable.createMariaDb(mariaDbUrl);
        Path declarations = root.resolve("declarations");
        HouseholdTable.declare(declarations, MYSQL_CONNECTOR, mariaDbUrl.replace("jdbc:mariadb:", "jdbc:mysql:"),
                TestDatabases.MARIADB_USER, 3);
        Path jsonl = Files.createDirectories(root.resolve("exports")).resolve("residents.jsonl");
        HouseholdTable.declare(declarations, JAVA_CONNECTOR, """
                kind: java
                class: %s
                options: {file: %s}
                batchSize: 2
                pollInterval: 200ms
                """.formatted(PluginJars.EXAMPLE_SOURCE, jsonl));
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "datarun.connectors.dir", declarations.toString(),
                "datarun.connectors.plugins-dir", plugins.toString(),
                "datarun-test.jsonl-file", jsonl.toString(),
                "datarun-test.mariadb-url", mariaDbUrl,
                // JdbcConnectorTest's injection point is validated in every test application
                "datarun-test.jdbc-url", "unused-by-plugin-tests");
    }

    @Override
    protected void cleanUp() {
        if (database != null) {
            TestDatabases.dropMariaDb(database);
        }
    }
}
