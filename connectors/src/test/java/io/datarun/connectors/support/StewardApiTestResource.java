package io.datarun.connectors.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A runtime that takes declarations through its API: public security may declare file drops under
 * its drop folder, MQTT routes to 127.0.0.1, and nothing else; other departments have no policy.
 * The folder holds one declaration of its own ({@value #FOLDER_CONNECTOR}), which the API must not replace.
 */
public class StewardApiTestResource extends ConnectorsTestResource {
    public static final String FOLDER_CONNECTOR = "ps-operators-own";

    public StewardApiTestResource() {
        super("datarun-steward-api-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        Path declarations = Files.createDirectories(root.resolve("declarations"));
        Path dropRoot = Files.createDirectories(root.resolve("drops").resolve("public-security"));
        Path folderDrop = Files.createDirectories(root.resolve("operator-drop"));
        Files.writeString(declarations.resolve(FOLDER_CONNECTOR + ".yaml"),
                FollowedFolderTestResource.declaration(FOLDER_CONNECTOR, folderDrop, Spreadsheet.MAPPING));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun.connectors.watch-interval", "1s",
                "datarun.connectors.api.departments.public-security.drop-root", dropRoot.toString(),
                "datarun.connectors.api.departments.public-security.hosts", "127.0.0.1",
                "datarun.connectors.api.departments.public-security.camel-components", "paho-mqtt5",
                "datarun.connectors.api.secrets-key", Base64.getEncoder().encodeToString(key),
                "datarun-test.drop-root", dropRoot.toString(),
                "datarun-test.outside-drop", root.resolve("elsewhere").toString(),
                // JdbcConnectorTest's injection point is validated in every test application
                "datarun-test.jdbc-url", "unused-by-steward-api-tests");
    }
}
