package io.datarun.e2e;

import static org.awaitility.Awaitility.await;

import io.datarun.demo.DemoResident;
import io.datarun.demo.DemoResidents;
import io.datarun.demo.DevKeys;
import io.datarun.demo.DevTokens;
import io.datarun.kafkalocal.LocalKafkaCluster;
import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.testkit.Api;
import io.datarun.testkit.Folders;
import io.datarun.testkit.ProcessStack;
import io.datarun.testkit.TestBroker;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything one test class runs against, started once in {@code beforeAll} and torn down in
 * {@code afterAll}: a Kafka broker in this JVM, a fresh PostgreSQL database seeded with demo
 * residents (bad rows included), DEV-ONLY signing keys, a connector declaration pointing at the
 * database, and the packaged connectors and gateway applications as child JVMs talking real HTTP
 * and real Kafka. When a test fails, the tail of each application's log is attached to the failure
 * ({@link ProcessStack}).
 *
 * <p>Register it with {@code @RegisterExtension static final E2eStack STACK = ...}.
 */
final class E2eStack extends ProcessStack {
    static final String DATASET = "public-security.household-registry";
    static final String CONNECTOR = "ps-household-registry";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final String REPLICA_SECRET = "e2e-replica-secret";
    private static final int TAIL_LINES = 80;

    private final int residentCount;
    private final boolean withGateway;
    private final int gatewayReplicas;
    private final int batchSize;
    private int connectorRuntimes = 1;
    private int tables = 1;
    private boolean replicatedKafka;
    private int backfillRows;
    private LocalKafkaCluster cluster;
    private final List<PackagedApp> apps = new ArrayList<>();
    private final List<PackagedApp> connectorApps = new ArrayList<>();
    private Path tempDir;
    private TestBroker broker;
    private DepartmentDatabase database;
    private List<DemoResident> residents;
    private DevTokens tokens;
    private PackagedApp connector;
    private PackagedApp gateway;
    private final List<PackagedApp> gateways = new ArrayList<>();
    private final List<Integer> internalPorts = new ArrayList<>();

    /**
     * @param residentCount how many demo residents to seed (one in {@value DemoResidents#BAD_EVERY} is bad)
     * @param batchSize     rows per connector batch (one Kafka transaction)
     * @param withGateway   whether to start the gateway too
     */
    E2eStack(int residentCount, int batchSize, boolean withGateway) {
        this(residentCount, batchSize, withGateway ? 1 : 0);
    }

    /** With {@code gatewayReplicas} > 1 the replicas share one application id and forward reads to each other. */
    E2eStack(int residentCount, int batchSize, int gatewayReplicas) {
        super("end-to-end stack", TAIL_LINES);
        this.residentCount = residentCount;
        this.batchSize = batchSize;
        this.withGateway = gatewayReplicas > 0;
        this.gatewayReplicas = gatewayReplicas;
    }

    /**
     * Runs {@code runtimes} connector runtimes (one Kafka group, ids {@code connectors-a}, {@code -b}, ...)
     * over {@code tables} tables of the same shape, each with its own connector ({@link #connectorName})
     * and its own {@code residentCount} residents (no resident in two tables).
     */
    E2eStack withConnectorRuntimes(int runtimes, int tableCount) {
        this.connectorRuntimes = runtimes;
        this.tables = tableCount;
        return this;
    }

    /**
     * Runs Kafka as three secured brokers in separate JVMs ({@link LocalKafkaCluster}) with the access
     * plan's ACLs instead of one unauthenticated broker in the test JVM; the connector runtimes log in
     * as {@value KafkaAccessPlan#CONNECTORS} through {@code KAFKA_*} variables and start as production
     * does (no profile, no insecure flag), so their topics get the brokers' replication factor of 3.
     */
    /** Declares {@code backfillRows}: the first load's transaction size (the declaration's default otherwise). */
    E2eStack withBackfillRows(int rows) {
        this.backfillRows = rows;
        return this;
    }

    E2eStack withReplicatedKafka() {
        this.replicatedKafka = true;
        return this;
    }

    @Override
    protected void start(String testName) throws Exception {
        Path repo = repoDir();
        Path logs = Path.of(System.getProperty("datarun.e2e.log-dir", "target/e2e-logs")).resolve(testName);
        Folders.delete(logs);
        tempDir = Files.createTempDirectory("datarun-e2e-");
        resource(() -> Folders.delete(tempDir));
        Path connectorJar = repo.resolve("connectors/target/quarkus-app/quarkus-run.jar");
        Path gatewayJar = repo.resolve("gateway/target/quarkus-app/quarkus-run.jar");
        PackagedApp.requireJar(connectorJar);
        if (withGateway) {
            PackagedApp.requireJar(gatewayJar);
        }

        if (replicatedKafka) {
            cluster = resource(LocalKafkaCluster.start(tempDir.resolve("kafka"), 3, KafkaAccessPlan.forBundledSchemas()));
        } else {
            broker = resource(TestBroker.start("datarun-e2e-kafka"));
        }
        database = DepartmentDatabase.create();
        resource(database::close);
        List<DemoResident> population = new DemoResidents().generate(residentCount * tables);
        residents = population.subList(0, residentCount);
        database.seed(residents);
        Path declarations = Files.createDirectories(tempDir.resolve("declarations"));
        for (int i = 0; i < tables; i++) {
            if (i > 0) {
                database.createTableLike(table(i));
                List<DemoResident> own = population.subList(i * residentCount, (i + 1) * residentCount);
                java.time.LocalDateTime seededAt = java.time.LocalDateTime.now(io.datarun.demo.DemoDatabase.SOURCE_ZONE)
                        .truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                database.insert(table(i), own, r -> seededAt.minusHours(r.hoursBeforeSeed()));
            }
            Files.writeString(declarations.resolve(connectorName(i) + ".yaml"), declaration(repo, i), StandardCharsets.UTF_8);
        }

        for (int i = 0; i < connectorRuntimes; i++) {
            String name = connectorRuntimes == 1 ? "connectors" : "connectors-" + (char) ('a' + i);
            Map<String, String> properties = new java.util.HashMap<>(Map.of(
                    "datarun.connectors.dir", declarations.toString(),
                    // a stable id makes it a static group member: a restart takes its connectors back at once
                    "datarun.connectors.runtime-id", name));
            // the status endpoint takes the operator's token (OperatorToken)
            properties.put("mp.jwt.verify.publickey.location", OperatorToken.publicKeyFile().toString());
            if (!replicatedKafka) {
                properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
                // the single broker is unauthenticated until the gateway reads KAFKA_* settings (issue 11)
                properties.put("datarun.insecure-kafka", "true");
            }
            PackagedApp runtime = new PackagedApp(name, connectorJar, properties, kafkaEnvironment(KafkaAccessPlan.CONNECTORS),
                    tempDir.resolve(name + "-work"), logs.resolve(name + ".log"));
            connectorApps.add(runtime);
            apps.add(process(runtime));
        }
        connector = connectorApps.get(0);
        if (withGateway) {
            DevKeys keys = OperatorToken.keys(); // the connector runtimes trust the same issuer
            tokens = new DevTokens(keys.ensure().getPrivate());
            for (int i = 0; i < gatewayReplicas; i++) {
                String name = gatewayReplicas == 1 ? "gateway" : "gateway-" + i;
                Map<String, String> properties = new java.util.HashMap<>(Map.of(
                        "datarun.gateway.bootstrap-servers", bootstrapServers(),
                        "datarun.gateway.state-dir", tempDir.resolve(name + "-state").toString(),
                        "datarun.gateway.grants-file", repo.resolve("deploy/config/grants.yaml").toString(),
                        "datarun.gateway.forms-dir", repo.resolve("deploy/config/forms").toString(),
                        "mp.jwt.verify.publickey.location", keys.publicKeyFile().toString()));
                // a local stack on DEV-ONLY keys: the demo profile, which skips the production start checks
                properties.put("quarkus.profile", "demo");
                if (gatewayReplicas > 1) {
                    // replicas read each other's partitions on their internal listener, not the public port
                    int internalPort = PackagedApp.freePort();
                    internalPorts.add(internalPort);
                    properties.put("datarun.gateway.advertised-address", "127.0.0.1:" + internalPort);
                    properties.put("datarun.gateway.internal-host", "127.0.0.1");
                    properties.put("datarun.gateway.replica-secret", REPLICA_SECRET);
                }
                // on the replicated cluster the gateway logs in as its own principal (once it reads KAFKA_*, issue 11)
                PackagedApp replica = new PackagedApp(name, gatewayJar, properties, kafkaEnvironment(KafkaAccessPlan.GATEWAY),
                        tempDir.resolve(name + "-work"), logs.resolve(name + ".log"));
                gateways.add(replica);
                apps.add(process(replica));
            }
            gateway = gateways.get(0);
        }
        apps.forEach(PackagedApp::start);
        apps.forEach(app -> app.awaitReady(START_TIMEOUT));
    }

    /** The connector of table {@code i}: the demo's name for the first, with a suffix for the others. */
    static String connectorName(int i) {
        return i == 0 ? CONNECTOR : CONNECTOR + "-" + i;
    }

    /** Table {@code i}: the demo's {@code hukou_residents} for the first. */
    static String table(int i) {
        return i == 0 ? io.datarun.demo.DemoDatabase.TABLE : io.datarun.demo.DemoDatabase.TABLE + "_" + i;
    }

    int tables() {
        return tables;
    }

    /** The shipped demo declaration, pointed at this class's database, with smaller batches and a faster poll. */
    private String declaration(Path repo, int i) throws IOException {
        String text = Files.readString(repo.resolve("connectors/declarations/" + CONNECTOR + ".yaml"));
        text = text.replaceFirst("(?m)^name: .*$", "name: " + connectorName(i));
        text = replaceValue(text, "table", table(i));
        text = replaceValue(text, "url", database.jdbcUrl());
        text = replaceValue(text, "user", DepartmentDatabase.USER);
        text = replaceValue(text, "password", "\"\"");
        text = replaceValue(text, "batchSize", batchSize + (backfillRows > 0 ? "\n  backfillRows: " + backfillRows : ""));
        return replaceValue(text, "pollInterval", "500ms");
    }

    private static String replaceValue(String yaml, String key, String value) {
        Matcher matcher = Pattern.compile("(?m)^(\\s+" + key + ":).*$").matcher(yaml);
        if (!matcher.find()) {
            throw new IllegalStateException("the demo declaration has no line '" + key + ": ...' any more: adapt E2eStack");
        }
        return matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + " " + value));
    }

    // ---- what the tests use

    DepartmentDatabase database() {
        return database;
    }

    /** The seeded residents, in row-id order (row id = position + 1). */
    List<DemoResident> residents() {
        return residents;
    }

    PackagedApp connector() {
        return connector;
    }

    /** Connector runtime {@code i} (0 = the one {@link #connector()} returns). */
    PackagedApp connectorRuntime(int i) {
        return connectorApps.get(i);
    }

    String bootstrapServers() {
        return cluster != null ? cluster.bootstrapServers() : broker.bootstrapServers();
    }

    /** The three brokers, with {@link #withReplicatedKafka()}: kill one, restart it. */
    LocalKafkaCluster kafkaCluster() {
        if (cluster == null) {
            throw new IllegalStateException("this stack runs one broker: use withReplicatedKafka()");
        }
        return cluster;
    }

    /** Reads topics as the operator on the replicated cluster, anonymously on the single broker. */
    CommittedTopics topics() {
        return cluster != null ? new CommittedTopics(cluster.clientSettings(KafkaAccessPlan.ADMIN).asMap())
                : new CommittedTopics(broker.bootstrapServers());
    }

    /** The {@code KAFKA_*} variables of {@code principal} on the replicated cluster; none on the single broker. */
    private Map<String, String> kafkaEnvironment(String principal) {
        Map<String, String> env = new java.util.HashMap<>();
        if (cluster != null) {
            cluster.clientSettings(principal).asMap().forEach((key, value) ->
                    env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value.toString()));
        }
        return env;
    }

    ConnectorProgress progress() {
        return ConnectorProgress.lastCommitted(topics(), CONNECTOR);
    }

    ConnectorProgress progress(String connectorName) {
        return ConnectorProgress.lastCommitted(topics(), connectorName);
    }

    /** Waits until the connector has committed every row now in the table; returns its progress then. */
    ConnectorProgress awaitConnectorCaughtUp(Duration timeout) throws SQLException {
        long rows = database.count();
        return await("connector " + CONNECTOR + " committed all " + rows + " rows of the table")
                .atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(this::progress, progress -> progress.rowsSeen() >= rows);
    }

    /** RestAssured base for the gateway. */
    RequestSpecification api() {
        if (gateway == null) {
            throw new IllegalStateException("this stack was built without the gateway");
        }
        return new RequestSpecBuilder().setBaseUri(gateway.url()).build();
    }

    /** The internal (replica-to-replica) listener of a replica, when there are several. */
    String internalUrl(int replica) {
        return "http://127.0.0.1:" + internalPorts.get(replica);
    }

    /** The public URL of one gateway replica. */
    String url(int replica) {
        return gateways.get(replica).url();
    }

    /** Gateway replica {@code i}'s process: stop it, start it again. */
    PackagedApp gatewayReplica(int i) {
        return gateways.get(i);
    }

    /** RestAssured base for one gateway replica. */
    RequestSpecification api(int replica) {
        return new RequestSpecBuilder().setBaseUri(gateways.get(replica).url()).build();
    }

    /** One gateway replica as a caller: {@code apiOf(0).as("civil-affairs", "clerk")} carries such a token. */
    Api apiOf(int replica) {
        return new Api(gateways.get(replica).url(), this::token);
    }

    /** A DEV-ONLY token signed with the key the gateway was started with. */
    String token(String department, String... groups) {
        return tokens.mint(new DevTokens.Request("e2e-" + department, department, Set.of(groups), List.of(),
                Duration.ofHours(1)));
    }

    // ---- helpers

    /** The repository root: {@code datarun.e2e.repo-dir} (set by the POM), else the nearest folder up holding mvnw. */
    static Path repoDir() {
        String configured = System.getProperty("datarun.e2e.repo-dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("connectors"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath()
                + ": set -Ddatarun.e2e.repo-dir");
    }
}
