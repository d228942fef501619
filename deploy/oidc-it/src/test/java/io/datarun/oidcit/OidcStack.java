package io.datarun.oidcit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.kafkalocal.LocalKafkaBroker;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * What the OIDC test runs against, started once per class and torn down after it: Keycloak with the
 * shipped realm ({@code deploy/keycloak/datarun-realm.json}) plus test-only additions, a Kafka broker
 * in this JVM, and the packaged gateway as a child JVM configured for Keycloak exactly as
 * {@code deploy/keycloak/README.md} says (environment variables only). Keycloak starts first, then
 * the broker and the gateway. When anything fails, the tail of each child's log is attached to the failure.
 */
final class OidcStack implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
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

    private final List<ChildProcess> children = new ArrayList<>();
    private Path tempDir;
    private LocalKafkaBroker broker;
    private KeycloakServer keycloak;
    private ChildProcess gateway;
    private int gatewayPort;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        try {
            start(context.getRequiredTestClass().getSimpleName());
        } catch (Exception e) {
            throw withLogTails(e);
        } catch (Error e) {
            throw withLogTails(e);
        }
    }

    private void start(String testName) throws Exception {
        Path repo = Path.of(property("datarun.oidc-it.repo-dir", "../..")).toAbsolutePath().normalize();
        Path logs = Path.of(property("datarun.oidc-it.log-dir", "target/oidc-it-logs")).resolve(testName);
        deleteRecursively(logs);
        Path gatewayJar = repo.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(gatewayJar)) {
            throw new IllegalStateException(gatewayJar + " is missing: run ./mvnw -B -ntp install -DskipTests from the root first");
        }
        Path keycloakHome = Path.of(property("datarun.oidc-it.keycloak-home", "target/keycloak"));
        Path javaHome = Path.of(property("datarun.oidc-it.keycloak-java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        tempDir = Files.createTempDirectory("datarun-oidc-it-");

        JsonNode shipped = JSON.readTree(repo.resolve("deploy/keycloak/datarun-realm.json").toFile());
        Map<String, JsonNode> realms = new LinkedHashMap<>();
        realms.put(REALM + "-realm.json", withTestAdditions(shipped));
        realms.put(OTHER_REALM + "-realm.json", ((ObjectNode) shipped.deepCopy()).put("realm", OTHER_REALM));
        keycloak = KeycloakServer.start(keycloakHome, javaHome, realms, logs.resolve("keycloak.log"));
        children.add(keycloak.process());
        // one after the other: on two busy cores, Keycloak's first start (it builds itself) starves a broker
        // and a gateway started beside it into heartbeat timeouts and endless rebalancing
        keycloak.awaitReady(List.of(REALM, OTHER_REALM), KEYCLOAK_START);

        broker = LocalKafkaBroker.start(tempDir.resolve("kafka"), 0, 0);
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
        children.add(gateway);
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

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<Exception> failures = new ArrayList<>();
        children.forEach(ChildProcess::requestStop); // SIGTERM to all at once, then wait for each
        for (ChildProcess child : children) {
            run(failures, () -> child.stop(Duration.ofSeconds(20)));
        }
        if (broker != null) {
            run(failures, broker::close);
        }
        if (tempDir != null) {
            run(failures, () -> deleteRecursively(tempDir));
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("tearing the OIDC test stack down failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Exception> failures, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    private <T extends Throwable> T withLogTails(T failure) {
        for (ChildProcess child : children) {
            String tail = "last " + TAIL_LINES + " lines of " + child.logFile() + (child.isAlive() ? "" : " (process not running)")
                    + ":" + System.lineSeparator() + child.tail(TAIL_LINES);
            System.err.println("----- " + child.name() + ": " + tail);
            failure.addSuppressed(new LogTail(child.name() + " log, " + tail));
        }
        return failure;
    }

    /** Carries a log tail into the test report; it has no stack trace of its own. */
    static final class LogTail extends RuntimeException {
        LogTail(String message) {
            super(message, null, false, false);
        }
    }

    // ---- what the test uses

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    KeycloakServer keycloak() {
        return keycloak;
    }

    /** Publishes household-registry records straight to the dataset topic, as a connector would. */
    void publish(List<Map<String, Object>> residents) throws Exception {
        SchemaRegistry registry = SchemaRegistry.load();
        RecordCodec codec = new RecordCodec(registry);
        DatasetDescriptor dataset = registry.latest(DATASET).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Map<String, Object> raw : residents) {
                RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
                if (!assembly.isAccepted()) {
                    throw new IllegalArgumentException("test resident is invalid: " + assembly.violations());
                }
                producer.send(new ProducerRecord<>(Topics.records(DATASET), raw.get("residentId").toString(),
                        codec.encode(assembly.record()))).get();
            }
        }
    }

    // ---- helpers

    private static String property(String name, String fallback) {
        return System.getProperty(name, fallback);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
