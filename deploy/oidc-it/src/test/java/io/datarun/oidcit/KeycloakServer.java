package io.datarun.oidcit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The Keycloak server distribution ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by the POM)
 * run as a child process in development mode on a free port, bound to 127.0.0.1, with an in-memory
 * database and the given realm files imported at start. Keycloak 26 needs Java 21+: it runs on
 * {@code datarun.oidc-it.keycloak-java-home}, not on the JDK running the build.
 */
final class KeycloakServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess process;
    private final int port;

    private KeycloakServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Writes the realms into {@code <home>/data/import} and starts Keycloak; call {@link #awaitReady}.
     *
     * @param realms file name to realm representation
     */
    static KeycloakServer start(Path home, Path javaHome, Map<String, JsonNode> realms, Path logFile) throws IOException {
        requireDistribution(home);
        requireJava21(javaHome);
        Path importDir = home.resolve("data/import");
        Files.createDirectories(importDir);
        try (var old = Files.list(importDir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (Map.Entry<String, JsonNode> realm : realms.entrySet()) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(importDir.resolve(realm.getKey()).toFile(), realm.getValue());
        }
        int port = ChildProcess.freePort();
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                // the management interface (health, metrics) is off; pin its port anyway so 9000 never clashes
                "--http-management-port=" + ChildProcess.freePort(),
                // in memory: every run starts from the realm files, nothing is left behind
                "--db=dev-mem",
                "--import-realm");
        Map<String, String> environment = Map.of(
                "JAVA_HOME", javaHome.toString(),
                // a short-lived test server: C1 only starts faster; the heap stays at kc.sh's default
                "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1",
                // master realm admin of this throw-away server (not used by the test)
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "test-only-" + port);
        ChildProcess child = new ChildProcess("keycloak", command, environment, home, logFile);
        child.start();
        return new KeycloakServer(child, port);
    }

    private static void requireDistribution(Path home) {
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home + ": the POM unpacks "
                    + "org.keycloak:keycloak-quarkus-dist there at pre-integration-test; run this module through "
                    + "`../../mvnw verify`, not from the IDE alone");
        }
    }

    /** Fails with what to do when the JDK Keycloak needs is not there. */
    static void requireJava21(Path javaHome) throws IOException {
        Path java = javaHome.resolve("bin/java");
        Path release = javaHome.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            throw new IllegalStateException("Keycloak 26 needs a Java 21+ JDK and none is at " + javaHome
                    + ": install one (a Temurin 25 JDK is expected at /usr/lib/jvm/temurin-25-jdk-amd64) or point "
                    + "the build at one with -Dkeycloak.java.home=/path/to/jdk or the environment variable "
                    + "KEYCLOAK_JAVA_HOME");
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        }
        String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        int feature = Integer.parseInt(version.split("[.+-]")[0]);
        if (feature < 21) {
            throw new IllegalStateException("Keycloak 26 needs Java 21+, but " + javaHome + " is Java " + version
                    + ": point the build at a newer JDK with -Dkeycloak.java.home=/path/to/jdk or the environment "
                    + "variable KEYCLOAK_JAVA_HOME");
        }
    }

    /** Ready when every named realm publishes its OpenID configuration (the realms are imported by then). */
    void awaitReady(List<String> realms, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String realm : realms) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
            process.awaitReady(realmUrl(realm) + "/.well-known/openid-configuration", left);
        }
    }

    ChildProcess process() {
        return process;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the realm's tokens, as the gateway must expect it. */
    String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** The realm's JWKS, where the gateway fetches the signing keys. */
    String jwksUrl(String realm) {
        return realmUrl(realm) + "/protocol/openid-connect/certs";
    }

    /** An access token by the resource owner password grant (the demo client allows it; see deploy/keycloak/README.md). */
    String passwordGrant(String realm, String clientId, String username, String password) {
        Map<String, String> form = Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl(realm) + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = ChildProcess.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("password grant for " + username + " at realm " + realm + " via "
                        + clientId + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
