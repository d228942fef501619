package io.datarun.connectors.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A runtime on the test broker, without connectors, whose issuer key location names a file that is not there. */
public class NoIssuerKeyTestResource extends ConnectorsTestResource {
    public NoIssuerKeyTestResource() {
        super("datarun-no-issuer-key-test");
    }

    @Override
    protected Map<String, String> config(Path root) throws Exception {
        Path declarations = Files.createDirectories(root.resolve("declarations-none"));
        return Map.of(
                "datarun.connectors.dir", declarations.toString(),
                "datarun-test.jdbc-url", "unused: no connector", // other test classes of the module inject it
                "mp.jwt.verify.publickey.location", root.resolve("no-such-key/publicKey.pem").toString());
    }
}
