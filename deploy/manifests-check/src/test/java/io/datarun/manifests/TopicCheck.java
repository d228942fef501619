package io.datarun.manifests;

import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.TopicProvisioner;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics the code provisions, and how a set of {@code KafkaTopic} resources differs from them.
 * The code is the truth: {@link TopicProvisioner} with the partition count, replication factor and
 * slot count the manifests give the applications, for every dataset shipped in
 * {@code datarun-schemas}, plus the internal topics.
 */
final class TopicCheck {
    /**
     * Settings a manifest may add to what the code sets: the deployment asks for two in-sync
     * replicas on every topic, also on the one the code leaves without (the connector runtimes'
     * slots, never written to).
     */
    static final Set<String> DEPLOYMENT_ONLY_CONFIGS = Set.of("min.insync.replicas");

    private TopicCheck() {
    }

    /** What the applications would create, given the settings the manifests hand them. */
    static List<NewTopic> expected(int partitions, short replicationFactor, int connectorSlots) {
        TopicProvisioner provisioner = new TopicProvisioner(partitions, Optional.of(replicationFactor), true);
        List<NewTopic> topics = new ArrayList<>(provisioner.topicsFor(SchemaRegistry.load().datasetIds()));
        topics.add(provisioner.connectorRuntimesTopic(connectorSlots));
        topics.add(provisioner.accessLogTopic());
        topics.add(provisioner.disputesTopic());
        topics.add(provisioner.auditTopic());
        topics.add(provisioner.formLedgerTopic());
        topics.add(provisioner.grantsTopic());
        topics.add(provisioner.schemasTopic());
        topics.add(provisioner.declarationsTopic());
        return topics;
    }

    /** The Kafka topic a resource stands for: {@code spec.topicName}, else its metadata name. */
    static String topicName(KafkaTopic topic) {
        String name = topic.getSpec().getTopicName();
        return name != null ? name : topic.getMetadata().getName();
    }

    /** Every difference, one line each; empty when the resources say what the code does. */
    static List<String> differences(List<NewTopic> expected, List<KafkaTopic> actual) {
        List<String> differences = new ArrayList<>();
        Map<String, NewTopic> wanted = new TreeMap<>();
        expected.forEach(t -> wanted.put(t.name(), t));
        Map<String, KafkaTopic> present = new TreeMap<>();
        for (KafkaTopic topic : actual) {
            if (present.put(topicName(topic), topic) != null) {
                differences.add(topicName(topic) + ": declared by two KafkaTopic resources");
            }
        }
        for (String name : new TreeSet<>(wanted.keySet())) {
            if (!present.containsKey(name)) {
                differences.add(name + ": the code provisions it, no KafkaTopic declares it");
            }
        }
        for (String name : present.keySet()) {
            if (!wanted.containsKey(name)) {
                differences.add(name + ": a KafkaTopic declares it, the code provisions no such topic");
            }
        }
        wanted.forEach((name, code) -> {
            KafkaTopic topic = present.get(name);
            if (topic == null) {
                return;
            }
            if (topic.getSpec().getPartitions() == null || topic.getSpec().getPartitions() != code.numPartitions()) {
                differences.add(name + ": partitions " + topic.getSpec().getPartitions() + ", the code creates " + code.numPartitions());
            }
            if (topic.getSpec().getReplicas() == null || topic.getSpec().getReplicas() != code.replicationFactor()) {
                differences.add(name + ": replicas " + topic.getSpec().getReplicas() + ", the code creates " + code.replicationFactor());
            }
            Map<String, Object> declared = topic.getSpec().getConfig() == null ? Map.of() : topic.getSpec().getConfig();
            Map<String, String> codeConfigs = code.configs() == null ? Map.of() : code.configs();
            codeConfigs.forEach((key, value) -> {
                Object got = declared.get(key);
                if (got == null || !value.equals(got.toString())) {
                    differences.add(name + ": " + key + " is " + got + ", the code sets " + value);
                }
            });
            declared.keySet().stream().filter(key -> !codeConfigs.containsKey(key) && !DEPLOYMENT_ONLY_CONFIGS.contains(key))
                    .sorted().forEach(key -> differences.add(name + ": " + key + "=" + declared.get(key)
                            + " is set only in the manifest (the code does not set it)"));
        });
        return differences;
    }
}
