package io.datarun.kafkalocal;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.kafka.KafkaClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * Three (or more) secured KRaft brokers, each a separate JVM on 127.0.0.1 ({@link LocalKafkaMain}
 * in cluster mode), for the replicated tests: every node is broker and controller, the quorum is
 * the nodes, Kafka's own internal topics have three replicas and datarun's topics get the brokers'
 * default of three. A node can be killed with SIGKILL and started again on the same ports and data,
 * as a crashed machine comes back. Clients authenticate as in {@link LocalKafkaBroker#startSecured},
 * and the access plan's ACLs are applied once the quorum has formed.
 *
 * <p>Each node runs with this JVM's class path (the test's, which holds Kafka's jars), its log in
 * {@code <dir>/node-<id>.log}.
 */
public final class LocalKafkaCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final String clusterId;
    private final List<BrokerNode> nodes;
    private final Process[] processes;
    private final KafkaCredentials credentials;

    private LocalKafkaCluster(Path dir, String clusterId, List<BrokerNode> nodes, KafkaCredentials credentials) {
        this.dir = dir;
        this.clusterId = clusterId;
        this.nodes = nodes;
        this.processes = new Process[nodes.size()];
        this.credentials = credentials;
    }

    /** Starts {@code size} nodes under {@code dir}, waits until each serves clients, then applies {@code plan}. */
    public static LocalKafkaCluster start(Path dir, int size, KafkaAccessPlan plan) {
        List<Integer> ports = LocalKafkaBroker.freePorts(size * 3);
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < size; i++) {
            voters.add((i + 1) + "@127.0.0.1:" + ports.get(i * 3 + 2));
        }
        List<BrokerNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new BrokerNode(i + 1, dir.resolve("node-" + (i + 1)), ports.get(i * 3), ports.get(i * 3 + 1),
                    ports.get(i * 3 + 2), voters.toString(), size));
        }
        KafkaCredentials credentials = KafkaCredentials.loadOrCreate(dir.resolve("credentials"),
                plan.principals().stream().map(KafkaAccessPlan.Principal::name).toList());
        LocalKafkaCluster cluster = new LocalKafkaCluster(dir, Uuid.randomUuid().toString(), nodes, credentials);
        try {
            for (BrokerNode node : nodes) {
                cluster.launch(node);
            }
            for (BrokerNode node : nodes) {
                cluster.awaitReady(node);
            }
            AccessSetup.apply(nodes.get(0).brokerClientProperties(credentials.password(KafkaCredentials.BROKER)),
                    credentials, plan, cluster.bootstrapServers());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(BrokerNode node) {
        Path log = log(node);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(log);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            processes[node.nodeId() - 1] = new ProcessBuilder(java, "-Xms64m", "-Xmx320m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), LocalKafkaMain.class.getName(),
                    "--dir", node.dataDir().toString(), "--node-id", String.valueOf(node.nodeId()),
                    "--cluster-id", clusterId, "--voters", node.quorumVoters(), "--cluster-size", String.valueOf(nodes.size()),
                    "--port", String.valueOf(node.clientPort()), "--internal-port", String.valueOf(node.internalPort()),
                    "--controller-port", String.valueOf(node.controllerPort()),
                    "--credentials", credentials.dir().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka node " + node.nodeId(), e);
        }
    }

    private Path log(BrokerNode node) {
        return dir.resolve("node-" + node.nodeId() + ".log");
    }

    private void awaitReady(BrokerNode node) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Process process = processes[node.nodeId() - 1];
        try {
            while (true) {
                if (Files.exists(log(node)) && Files.readAllLines(log(node), StandardCharsets.UTF_8).stream()
                        .anyMatch(line -> line.startsWith("READY"))) {
                    return;
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka node " + node.nodeId() + (process.isAlive() ? " did not start within "
                            + START_TIMEOUT.toSeconds() + " s" : " exited") + "; its log " + log(node) + " ends:\n" + tail(node));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka node " + node.nodeId(), e);
        }
    }

    private String tail(BrokerNode node) throws IOException {
        List<String> lines = Files.readAllLines(log(node), StandardCharsets.UTF_8);
        return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream().collect(Collectors.joining("\n"));
    }

    /** Every node's client listener. */
    public String bootstrapServers() {
        return nodes.stream().map(BrokerNode::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The node ids, 1 to size. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(BrokerNode::nodeId).toList();
    }

    public KafkaCredentials credentials() {
        return credentials;
    }

    /** The client settings of {@code principal} (SASL/SCRAM-SHA-512) against every node. */
    public KafkaClientSettings clientSettings(String principal) {
        return KafkaClientSettings.of(credentials.clientProperties(principal, bootstrapServers()));
    }

    /** SIGKILL: the node stops at once, as on a power cut; nothing is flushed or handed over. */
    public void kill(int nodeId) {
        Process process = processes[nodeId - 1];
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is not running");
        }
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a stopped node again on its ports and data; returns once it serves clients. */
    public void restart(int nodeId) {
        BrokerNode node = nodes.get(nodeId - 1);
        Process process = processes[nodeId - 1];
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is still running");
        }
        launch(node);
        awaitReady(node);
    }

    public boolean isRunning(int nodeId) {
        Process process = processes[nodeId - 1];
        return process != null && process.isAlive();
    }

    /** Stops every node (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() {
        for (Process process : processes) {
            if (process != null) {
                process.destroy();
            }
        }
        for (Process process : processes) {
            if (process != null) {
                try {
                    if (!process.waitFor(20, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }
}
