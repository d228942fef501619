package io.datarun.connectors.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A runtime whose declarations folder changes while it runs: at start it holds one file-drop
 * connector ({@value #STAYS}), which the tests never touch; they add, change, break and remove other
 * declarations beside it. The folder is looked at every second.
 */
public class FollowedFolderTestResource extends ConnectorsTestResource {
    public static final String STAYS = "ps-followed-stays";

    public FollowedFolderTestResource() {
        super("datarun-followed-folder-test");
    }

    /** A file-drop declaration of the household registry reading {@code drop}; {@code mapping} as {@link Spreadsheet#MAPPING}. */
    public static String declaration(String name, Path drop, String mapping) {
        return """
                name: %s
                dataset: public-security.household-registry
                source:
                  kind: file
                  dir: %s
                  settle: 500ms
                  batchSize: 10
                  pollInterval: 200ms
                """.formatted(name, drop) + mapping;
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        Path declarations = Files.createDirectories(root.resolve("declarations"));
        Path drops = Files.createDirectories(root.resolve("drops"));
        Path stays = Files.createDirectories(drops.resolve(STAYS));
        Files.writeString(declarations.resolve(STAYS + ".yaml"), declaration(STAYS, stays, Spreadsheet.MAPPING));
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun.connectors.watch-interval", "1s",
                "datarun-test.drops-dir", drops.toString(),
                // JdbcConnectorTest's injection point is validated in every test application
                "datarun-test.jdbc-url", "unused-by-followed-folder-tests");
    }
}
