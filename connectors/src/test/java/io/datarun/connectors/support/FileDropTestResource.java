package io.datarun.connectors.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real KRaft broker in this JVM and a drop folder watched by a {@code kind: file} connector
 * (headers in Chinese, as departments write them) publishing to the household registry.
 */
public class FileDropTestResource extends ConnectorsTestResource {
    public static final String FILE_CONNECTOR = "ps-household-drop-test";
    /** Long enough that a test can watch a half-written file not being read. */
    public static final String SETTLE = "4s";

    public FileDropTestResource() {
        super("datarun-file-drop-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        Path drop = Files.createDirectories(root.resolve("drop"));
        Path declarations = Files.createDirectories(root.resolve("declarations"));
        Files.writeString(declarations.resolve(FILE_CONNECTOR + ".yaml"), """
                name: %s
                dataset: public-security.household-registry
                source:
                  kind: file
                  dir: %s
                  settle: %s
                  batchSize: 2
                  pollInterval: 200ms
                """.formatted(FILE_CONNECTOR, drop, SETTLE) + Spreadsheet.MAPPING);
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.drop-dir", drop.toString(),
                // JdbcConnectorTest's injection point is validated in every test application
                "datarun-test.jdbc-url", "unused-by-file-drop-tests");
    }
}
