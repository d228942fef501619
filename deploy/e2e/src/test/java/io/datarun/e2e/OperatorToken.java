package io.datarun.e2e;

import io.datarun.demo.DevKeys;
import io.datarun.demo.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The operator's token for a connector runtime's status endpoint ({@code GET /connectors} needs one):
 * one DEV-ONLY key pair per test JVM; every packaged runtime the tests start trusts its public key.
 */
final class OperatorToken {
    private static DevKeys keys;
    private static DevTokens tokens;

    private OperatorToken() {
    }

    private static synchronized DevTokens tokens() {
        if (tokens == null) {
            try {
                keys = new DevKeys(Files.createTempDirectory("datarun-e2e-operator-keys"));
                tokens = new DevTokens(keys.ensure().getPrivate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokens;
    }

    /** The key pair itself: a stack's gateway signs with it too, so one issuer serves both, as in production. */
    static DevKeys keys() {
        tokens();
        return keys;
    }

    /** The public key a connector runtime verifies the token with ({@code mp.jwt.verify.publickey.location}). */
    static Path publicKeyFile() {
        tokens();
        return keys.publicKeyFile();
    }

    /** An admin's token (the operators' role). */
    static String token() {
        return tokens().mint(new DevTokens.Request("e2e-operator", "ops", Set.of("admin"), List.of(), Duration.ofHours(2)));
    }
}
