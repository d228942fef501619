package io.datarun.connectors.support;

import io.datarun.kafkalocal.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real KRaft broker in this JVM, a fresh PostgreSQL database with the public security bureau's
 * {@code hukou_residents} table, and a declaration for it in a temporary folder. Small batches and a
 * short poll interval make batch boundaries fall inside groups of rows sharing a timestamp.
 */
public class ConnectorTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String CONNECTOR = "ps-household-registry-test";
    public static final int BATCH_SIZE = 7;

    private Path root;
    private LocalKafkaBroker broker;
    private String database;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("datarun-connectors-test");
            broker = LocalKafkaBroker.start(root.resolve("kafka"), 0, 0);
            database = TestDatabases.freshName();
            String url = TestDatabases.createPostgres(database);
            TestDatabases.execute(url, TestDatabases.POSTGRES_USER, """
                    CREATE TABLE hukou_residents (
                      id BIGINT PRIMARY KEY, sfzh VARCHAR(18), xm VARCHAR(50), xb CHAR(1), csrq DATE,
                      mz VARCHAR(20), hh VARCHAR(20), hjdz VARCHAR(200), xzqh CHAR(6), gxsj TIMESTAMP)""");
            Path declarations = Files.createDirectories(root.resolve("declarations"));
            Files.writeString(declarations.resolve(CONNECTOR + ".yaml"), """
                    name: %s
                    dataset: public-security.household-registry
                    source:
                      kind: jdbc
                      url: ${DATARUN_TEST_DB_URL:%s}
                      user: postgres
                      table: hukou_residents
                      watermark: {column: gxsj, key: id}
                      batchSize: %d
                      pollInterval: 200ms
                    mapping:
                      residentId: sfzh
                      name: xm
                      gender: {column: xb, codes: {"1": MALE, "2": FEMALE, "9": UNKNOWN}}
                      birthDate: csrq
                      ethnicity: mz
                      householdNumber: hh
                      registeredAddress: hjdz
                      divisionCode: xzqh
                      updatedAt: gxsj
                    """.formatted(CONNECTOR, url, BATCH_SIZE));
            return Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "datarun.connectors.dir", declarations.toString(),
                    "datarun-test.jdbc-url", url);
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
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
