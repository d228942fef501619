package io.datarun.oidcit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.testkit.DatasetPublisher;
import io.datarun.testkit.Folders;
import io.datarun.testkit.ProcessStack;
import io.datarun.testkit.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the OIDC test runs against, started once per class and torn down after it: Keycloak with the
 * shipped realm ({@code deploy/keycloak/datarun-realm.json}) plus test-only additions, a Kafka broker
 * in this JVM, and the packaged gateway as a child JVM configured for Keycloak exactly as
 * {@code deploy/keycloak/README.md} says (environment variables only). Keycloak starts first, then
 * the broker and the gateway. When anything fails, the tail of each child's log is attached to the failure
 * ({@link ProcessStack}).
 */
final class OidcStack extends ProcessStack {
    static final String REALM = "datarun";
    /** A second realm on the same server: same users, clients and mappers, its own keys and issuer. */
    static final String OTHER_REALM = "datarun-elsewhere";
    static final String LOGIN_CLIENT = "datarun-web";
    /** Test-only client in the datarun realm: the login client without the audience mapper. */
    static final String NO_AUDIENCE_CLIENT = "datarun-test-no-audience";
    /** Test-only user: a civil-affairs clerk whose token names Chaoyang (110105) only. */
    static final String CHAOYANG_CA_CLERK = "ca-clerk-chaoyang";
    static final String DATASET = "public-security.household-registry";

    private static final Duration KEYCLOAK_START = Duration.ofSeconds(240);
    private static final Duration GATEWAY_START = Duration.ofSeconds(120);
    private static final int TAIL_LINES = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestBroker broker;
    private KeycloakServer keycloak;
    private ChildProcess gateway;
    private int gatewayPort;

    OidcStack() {
        super("OIDC test stack", TAIL_LINES);
    }

    @Override
    protected void start(String testName) throws Exception {
        Path repo = Path.of(property("datarun.oidc-it.repo-dir", "../..")).toAbsolutePath().normalize();
        Path logs = Path.of(property("datarun.oidc-it.log-dir", "target/oidc-it-logs")).resolve(testName);
        Folders.delete(logs);
        Path gatewayJar = repo.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(gatewayJar)) {
            throw new IllegalStateException(gatewayJar + " is missing: run ./mvnw -B -ntp install -DskipTests from the root first");
        }
        Path keycloakHome = Path.of(property("datarun.oidc-it.keycloak-home", "target/keycloak"));
        Path javaHome = Path.of(property("datarun.oidc-it.keycloak-java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));

        JsonNode shipped = JSON.readTree(repo.resolve("deploy/keycloak/datarun-realm.json").toFile());
        Map<String, JsonNode> realms = new LinkedHashMap<>();
        realms.put(REALM + "-realm.json", withTestAdditions(shipped));
        realms.put(OTHER_REALM + "-realm.json", ((ObjectNode) shipped.deepCopy()).put("realm", OTHER_REALM));
        keycloak = KeycloakServer.start(keycloakHome, javaHome, realms, logs.resolve("keycloak.log"));
        process(keycloak.process());
        // one after the other: on two busy cores, Keycloak's first start (it builds itself) starves a broker
        // and a gateway started beside it into heartbeat timeouts and endless rebalancing
        keycloak.awaitReady(List.of(REALM, OTHER_REALM), KEYCLOAK_START);

        broker = resource(TestBroker.start("datarun-oidc-it-"));
        Path tempDir = broker.root();
        gatewayPort = ChildProcess.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.profile=demo",
                "-Ddatarun.gateway.forms-dir=" + repo.resolve("deploy/config/forms"), "-jar", gatewayJar.toString());
        // the gateway is configured for Keycloak exactly as deploy/keycloak/README.md documents it
        Map<String, String> environment = Map.of(
                "DATARUN_JWT_PUBLIC_KEY", keycloak.jwksUrl(REALM),
                "DATARUN_JWT_ISSUER", keycloak.realmUrl(REALM),
                "DATARUN_JWT_AUDIENCE", "datarun",
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "DATARUN_GATEWAY_PORT", String.valueOf(gatewayPort),
                "DATARUN_GATEWAY_STATE_DIR", tempDir.resolve("gateway-state").toString(),
                "DATARUN_GRANTS_FILE", repo.resolve("deploy/config/grants.yaml").toString());
        gateway = new ChildProcess("gateway", command, environment, tempDir.resolve("gateway-work"),
                logs.resolve("gateway.log"));
        gateway.start();
        process(gateway);
        gateway.awaitReady(gatewayUrl() + "/q/health/ready", GATEWAY_START);
    }

    /**
     * The shipped realm plus what only the test needs: a client whose tokens lack the {@code datarun}
     * audience, and a civil-affairs clerk limited to Chaoyang (proving the {@code divisions} claim is
     * read: civil affairs' grant itself has no division limit).
     */
    private static JsonNode withTestAdditions(JsonNode shipped) {
        ObjectNode realm = shipped.deepCopy();
        ArrayNode clients = (ArrayNode) realm.get("clients");
        ObjectNode login = null;
        for (JsonNode client : clients) {
            if (LOGIN_CLIENT.equals(client.path("clientId").asText())) {
                login = (ObjectNode) client;
            }
        }
        if (login == null) {
            throw new IllegalStateException("the shipped realm has no client " + LOGIN_CLIENT + " any more: adapt OidcStack");
        }
        ObjectNode noAudience = login.deepCopy().put("clientId", NO_AUDIENCE_CLIENT).put("name", "test only");
        ArrayNode mappers = JSON.createArrayNode();
        noAudience.get("protocolMappers").forEach(mapper -> {
            if (!"oidc-audience-mapper".equals(mapper.path("protocolMapper").asText())) {
                mappers.add(mapper);
            }
        });
        noAudience.set("protocolMappers", mappers);
        clients.add(noAudience);

        ArrayNode users = (ArrayNode) realm.get("users");
        ObjectNode chaoyangClerk = JSON.createObjectNode()
                .put("username", CHAOYANG_CA_CLERK).put("enabled", true).put("emailVerified", true)
                .put("firstName", "Test").put("lastName", "Chaoyang").put("email", CHAOYANG_CA_CLERK + "@datarun.example");
        ObjectNode attributes = chaoyangClerk.putObject("attributes");
        attributes.putArray("dept").add("civil-affairs");
        attributes.putArray("divisions").add("110105");
        chaoyangClerk.putArray("credentials").addObject()
                .put("type", "password").put("value", password(CHAOYANG_CA_CLERK)).put("temporary", false);
        chaoyangClerk.putArray("realmRoles").add("clerk");
        users.add(chaoyangClerk);
        return realm;
    }

    /** The demo users' passwords follow one DEMO-ONLY pattern (see deploy/keycloak/README.md). */
    static String password(String username) {
        return "demo-only-" + username;
    }

    // ---- what the test uses

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    KeycloakServer keycloak() {
        return keycloak;
    }

    /** Publishes household-registry records straight to the dataset topic, as a connector would. */
    @SuppressWarnings("unchecked")
    void publish(List<Map<String, Object>> residents) throws Exception {
        DatasetPublisher.at(broker.bootstrapServers()).publish(DATASET, residents.toArray(Map[]::new));
    }

    // ---- helpers

    private static String property(String name, String fallback) {
        return System.getProperty(name, fallback);
    }
}
