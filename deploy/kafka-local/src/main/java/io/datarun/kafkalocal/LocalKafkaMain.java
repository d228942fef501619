package io.datarun.kafkalocal;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs a local broker until the process is stopped; prints one {@code READY bootstrap.servers=...}
 * line when it accepts clients.
 * <pre>
 * --dir data/kafka --port 9092 --controller-port 9093 [--credentials DIR] [--insecure]
 * </pre>
 * Secured by default: SASL/SCRAM-SHA-512 and ACLs, the passwords in {@code --credentials} (default
 * {@code <dir>/credentials}), where a Java client properties file per principal
 * ({@code datarun-admin.properties}, ...) is written at each start. {@code --insecure}: the old
 * unauthenticated broker, for what has not moved yet.
 *
 * <p>As one node of a cluster ({@link LocalKafkaCluster} starts three such processes):
 * {@code --node-id N --cluster-id ID --voters 1@127.0.0.1:P1,... --cluster-size 3 --internal-port P};
 * the cluster then applies the access plan once, not each node.
 */
public final class LocalKafkaMain {
    private LocalKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of("data/kafka");
        Path credentials = null;
        int port = 9092;
        int controllerPort = 9093;
        int internalPort = 0;
        boolean insecure = false;
        Integer nodeId = null;
        String clusterId = null;
        String voters = null;
        int clusterSize = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--controller-port" -> controllerPort = Integer.parseInt(value(args, ++i, "--controller-port"));
                case "--internal-port" -> internalPort = Integer.parseInt(value(args, ++i, "--internal-port"));
                case "--credentials" -> credentials = Path.of(value(args, ++i, "--credentials"));
                case "--insecure" -> insecure = true;
                case "--node-id" -> nodeId = Integer.parseInt(value(args, ++i, "--node-id"));
                case "--cluster-id" -> clusterId = value(args, ++i, "--cluster-id");
                case "--voters" -> voters = value(args, ++i, "--voters");
                case "--cluster-size" -> clusterSize = Integer.parseInt(value(args, ++i, "--cluster-size"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --dir <folder> --port <n> --controller-port <n> [--credentials <folder>] [--insecure]");
            }
        }
        Path credentialsDir = credentials != null ? credentials : dir.resolve("credentials");
        AutoCloseable running;
        String ready;
        if (nodeId != null) {
            if (clusterId == null || voters == null || internalPort == 0) {
                throw new IllegalArgumentException("a cluster node needs --cluster-id, --voters and --internal-port");
            }
            // the cluster wrote every password before starting its nodes: nothing is generated here
            KafkaCredentials keys = KafkaCredentials.loadOrCreate(credentialsDir, List.of(KafkaAccessPlan.ADMIN));
            BrokerNode node = new BrokerNode(nodeId, dir, port, internalPort, controllerPort, voters, clusterSize);
            kafka.server.KafkaRaftServer server = LocalKafkaBroker.startNode(node, Optional.of(keys), clusterId);
            running = () -> {
                server.shutdown();
                server.awaitShutdown();
            };
            ready = "READY node.id=" + nodeId + " bootstrap.servers=" + node.bootstrapServers();
        } else if (insecure) {
            LocalKafkaBroker broker = LocalKafkaBroker.start(dir, port, controllerPort);
            running = broker;
            ready = "READY bootstrap.servers=" + broker.bootstrapServers() + " data=" + dir.toAbsolutePath()
                    + " (unauthenticated: --insecure)";
        } else {
            KafkaAccessPlan plan = KafkaAccessPlan.forBundledSchemas();
            LocalKafkaBroker broker = LocalKafkaBroker.startSecured(dir, port, controllerPort, credentialsDir, plan);
            KafkaCredentials keys = broker.credentials().orElseThrow();
            keys.users().forEach(user -> keys.writeClientProperties(user, broker.bootstrapServers()));
            running = broker;
            ready = "READY bootstrap.servers=" + broker.bootstrapServers() + " data=" + dir.toAbsolutePath()
                    + " security=SASL_PLAINTEXT/" + KafkaCredentials.MECHANISM + " acls=" + plan.aclBindings().size()
                    + " credentials=" + keys.dir().toAbsolutePath();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("stopping the broker failed: " + e);
            }
        }, "kafka-shutdown"));
        System.out.println(ready);
        Thread.currentThread().join();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
