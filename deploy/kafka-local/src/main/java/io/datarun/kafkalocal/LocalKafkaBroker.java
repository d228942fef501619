package io.datarun.kafkalocal;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.kafka.KafkaClientSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A KRaft broker (combined broker and controller) running in this JVM, listening on 127.0.0.1 only.
 * The local demo keeps its data under {@code ./data/kafka}; tests get a fresh directory and free
 * ports. Production never uses this: it points at an existing cluster.
 *
 * <p>{@link #startSecured} is what the demo runs: SASL/SCRAM-SHA-512 on the client port, the
 * {@code StandardAuthorizer} denying whatever no ACL allows, and exactly the {@link KafkaAccessPlan}'s
 * ACLs. {@link #start} is the old unauthenticated broker, kept only for the test suites that have not
 * moved to the secured one yet.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final BrokerNode node;
    private final Optional<KafkaCredentials> credentials;

    private LocalKafkaBroker(KafkaRaftServer server, BrokerNode node, Optional<KafkaCredentials> credentials) {
        this.server = server;
        this.node = node;
        this.credentials = credentials;
    }

    /**
     * Formats {@code dataDir} if it is new and starts an <em>unauthenticated</em> broker (PLAINTEXT,
     * no authorizer): for tests that have not moved to {@link #startSecured} yet.
     *
     * @param port the client port, or 0 for a free one
     * @param controllerPort the controller port, or 0 for a free one
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort) {
        BrokerNode node = BrokerNode.single(dataDir, orFree(port), 0, orFree(controllerPort));
        return new LocalKafkaBroker(startNode(node, Optional.empty(), null), node, Optional.empty());
    }

    /**
     * Formats {@code dataDir} if it is new, starts a broker that requires SASL/SCRAM-SHA-512 and
     * authorizes by ACL, creates a SCRAM user for each principal of {@code plan} (passwords from, or
     * generated into, {@code credentials}) and applies exactly the plan's ACLs.
     *
     * @param port the client port, or 0 for a free one
     * @param controllerPort the controller port, or 0 for a free one
     * @param credentialsDir where the passwords are kept (mode 700)
     */
    public static LocalKafkaBroker startSecured(Path dataDir, int port, int controllerPort, Path credentialsDir,
            KafkaAccessPlan plan) {
        KafkaCredentials credentials = KafkaCredentials.loadOrCreate(credentialsDir,
                plan.principals().stream().map(KafkaAccessPlan.Principal::name).toList());
        BrokerNode node = BrokerNode.single(dataDir, orFree(port), freePort(), orFree(controllerPort));
        KafkaRaftServer server = startNode(node, Optional.of(credentials), null);
        LocalKafkaBroker broker = new LocalKafkaBroker(server, node, Optional.of(credentials));
        try {
            AccessSetup.apply(node.brokerClientProperties(credentials.password(KafkaCredentials.BROKER)), credentials, plan,
                    node.bootstrapServers());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * Formats the node's folder if it is new and starts it; with credentials, secured (see
     * {@link BrokerNode}). A cluster's nodes share {@code clusterId}; null makes one up for a new
     * cluster of one.
     */
    static KafkaRaftServer startNode(BrokerNode node, Optional<KafkaCredentials> credentials, String clusterId) {
        try {
            Files.createDirectories(node.dataDir());
            Properties props = node.properties(credentials);
            format(node.dataDir(), props, clusterId == null ? Uuid.randomUuid().toString() : clusterId);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Kafka broker in " + node.dataDir(), e);
        }
    }

    private static void format(Path dataDir, Properties props, String clusterId) throws IOException {
        Path config = dataDir.resolve("server.properties");
        StringWriter text = new StringWriter();
        props.store(text, "written by datarun's LocalKafkaBroker; regenerated at each start");
        KafkaCredentials.writePrivate(config, text.toString()); // it may hold the brokers' password
        if (Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
            return; // formatted by an earlier start: keep its cluster id and data
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int orFree(int port) {
        return port == 0 ? freePort() : port;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Free ports, all different (asked for at once, so none is handed out twice). */
    static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a port we only reserved
                }
            });
        }
    }

    public String bootstrapServers() {
        return node.bootstrapServers();
    }

    public Path dataDir() {
        return node.dataDir();
    }

    /** The passwords of a secured broker. */
    public Optional<KafkaCredentials> credentials() {
        return credentials;
    }

    /**
     * The client settings of {@code principal} on this broker (SASL/SCRAM when secured); on an
     * unsecured broker just the bootstrap servers, whoever asks.
     */
    public KafkaClientSettings clientSettings(String principal) {
        return KafkaClientSettings.of(credentials.map(c -> c.clientProperties(principal, bootstrapServers()))
                .orElseGet(() -> Map.<String, Object>of("bootstrap.servers", bootstrapServers())));
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
