package io.datarun.kafkalocal;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One KRaft node (combined broker and controller) on 127.0.0.1: its id, data folder, ports and the
 * quorum it belongs to. Secured, it has three listeners: {@code CLIENT} (SASL/SCRAM-SHA-512, what
 * datarun's processes and the operator use), {@code INTERNAL} (brokers replicating from each other)
 * and {@code CONTROLLER} (the KRaft quorum); the last two accept only the brokers' own identity
 * {@value KafkaCredentials#BROKER} (SASL/PLAIN, its password in the node's private
 * {@code server.properties}). Unsecured (no credentials), one PLAINTEXT listener serves clients and
 * brokers alike, as the tests that still need it expect.
 *
 * <p>The client listener also accepts SASL/PLAIN for the operator ({@value KafkaAccessPlan#ADMIN})
 * alone: kcat as Debian ships it (librdkafka 2.0) cannot complete SCRAM with a Kafka 4 broker (a nonce
 * bug fixed in librdkafka 2.6.1), and an operator reading a topic with it is what the README shows.
 *
 * @param quorumVoters {@code id@127.0.0.1:controllerPort,...} of every node of the cluster
 * @param clusterSize the number of nodes: Kafka's own internal topics are replicated three times on
 *                    three or more, once otherwise
 */
public record BrokerNode(int nodeId, Path dataDir, int clientPort, int internalPort, int controllerPort,
        String quorumVoters, int clusterSize) {

    /** A cluster of one. */
    public static BrokerNode single(Path dataDir, int clientPort, int internalPort, int controllerPort) {
        return new BrokerNode(1, dataDir, clientPort, internalPort, controllerPort, "1@127.0.0.1:" + controllerPort, 1);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + clientPort;
    }

    /** The broker-only listener (for the node's own administration); the client listener when unsecured. */
    public String internalBootstrapServers() {
        return "127.0.0.1:" + internalPort;
    }

    Properties properties(Optional<KafkaCredentials> credentials) {
        Properties props = new Properties();
        props.put("node.id", String.valueOf(nodeId));
        props.put("process.roles", "broker,controller");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.voters", quorumVoters);
        props.put("log.dirs", dataDir.resolve("log").toAbsolutePath().toString());
        if (credentials.isPresent()) {
            secured(props, credentials.get());
        } else {
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
        }
        int internalReplicas = clusterSize >= 3 ? 3 : 1;
        String internalMinIsr = clusterSize >= 3 ? "2" : "1";
        props.put("offsets.topic.replication.factor", String.valueOf(internalReplicas));
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", String.valueOf(internalReplicas));
        props.put("transaction.state.log.min.isr", internalMinIsr);
        props.put("transaction.state.log.num.partitions", "5");
        // the gateway's audit writer starts its next transaction on the audit partition as soon as the
        // last one is committed, often before the commit markers are written; the broker then retries
        // adding the partition after this backoff (default 20 ms), which every read in that transaction
        // waited for: a fifth of reads at 22-28 ms. 2 ms lets the next one in almost as soon as possible.
        props.put("add.partitions.to.txn.retry.backoff.ms", "2");
        props.put("share.coordinator.state.topic.replication.factor", String.valueOf(internalReplicas));
        props.put("share.coordinator.state.topic.min.isr", internalMinIsr);
        // what datarun's topics get when no replication factor is configured: the broker's default
        props.put("default.replication.factor", String.valueOf(internalReplicas));
        props.put("group.initial.rebalance.delay.ms", "0");
        // datarun creates every topic it uses with its own settings; a typo must not create a topic
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "3");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return props;
    }

    private void secured(Properties props, KafkaCredentials credentials) {
        String brokerPassword = credentials.password(KafkaCredentials.BROKER);
        props.put("listeners", "CLIENT://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort);
        props.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "INTERNAL");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        // clients: SCRAM users, created through the Admin API (their credentials live in the metadata log)
        props.put("listener.name.client.sasl.enabled.mechanisms", KafkaCredentials.MECHANISM + ",PLAIN");
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.client.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required user_" + KafkaAccessPlan.ADMIN + "=\"" + credentials.password(KafkaAccessPlan.ADMIN) + "\";");
        // brokers and controllers: one PLAIN identity known from this file, so the quorum forms before
        // any SCRAM credential exists
        String brokerJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + KafkaCredentials.BROKER + "\" password=\"" + brokerPassword + "\" user_" + KafkaCredentials.BROKER
                + "=\"" + brokerPassword + "\";";
        for (String listener : new String[] {"internal", "controller"}) {
            props.put("listener.name." + listener + ".sasl.enabled.mechanisms", "PLAIN");
            props.put("listener.name." + listener + ".plain.sasl.jaas.config", brokerJaas);
        }
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + KafkaCredentials.BROKER + ";User:" + KafkaAccessPlan.ADMIN);
    }

    /** Client properties of the brokers' own identity on the internal listener (for applying the access plan). */
    Map<String, Object> brokerClientProperties(String brokerPassword) {
        return Map.of(
                "bootstrap.servers", internalBootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + KafkaCredentials.BROKER + "\" password=\"" + brokerPassword + "\";");
    }
}
