package io.datarun.schemas.wire;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics datarun needs when they are missing, with the settings the contract relies
 * on: dataset topics compacted (latest record per subject is the truth), dead letters kept forever,
 * offsets compacted on one partition. Existing topics are left as they are.
 *
 * <p>Replication: a topic gets the broker's {@code default.replication.factor} unless a factor is
 * configured. Every topic datarun writes holds the only copy of something (a pushed record, a
 * clerk's typed value, a grant, an audit event, a connector's position), so each gets
 * {@code min.insync.replicas=2} when it is replicated (factor 3 or more, or the broker's default on a
 * cluster of at least three brokers): an {@code acks=all} write then survives the loss of a broker.
 * On a smaller lab cluster the setting is left out, since it could never be met and would refuse
 * every write. With {@link #requireReplicated} (every process outside dev), {@link #ensure} refuses
 * a topic with fewer than {@value #SAFE_REPLICATION_FACTOR} replicas, new or existing.
 */
public final class TopicProvisioner {
    /** The replication factor below which a production start is refused. */
    public static final int SAFE_REPLICATION_FACTOR = 3;
    private static final String MIN_INSYNC = "min.insync.replicas";

    private final int partitions;
    private final Optional<Short> replicationFactor;
    private final boolean requireReplicated;

    /**
     * Topics with exactly this replication factor; nothing is refused.
     *
     * @deprecated a fixed factor of 1 was the default everywhere and protected nothing; use
     *     {@link #TopicProvisioner(int, Optional, boolean)} with the configured factor, if any
     */
    @Deprecated
    public TopicProvisioner(int partitions, short replicationFactor) {
        this(partitions, Optional.of(replicationFactor), false);
    }

    /**
     * @param replicationFactor empty: the broker's default
     * @param requireReplicated refuse (in {@link #ensure}) any topic with fewer than {@value #SAFE_REPLICATION_FACTOR} replicas
     */
    public TopicProvisioner(int partitions, Optional<Short> replicationFactor, boolean requireReplicated) {
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.requireReplicated = requireReplicated;
    }

    /** The configured replication factor; empty means the broker's default. */
    public Optional<Short> replicationFactor() {
        return replicationFactor;
    }

    private NewTopic topic(String name, int topicPartitions, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        if (replicationFactor.map(rf -> rf >= SAFE_REPLICATION_FACTOR).orElse(true)) {
            all.put(MIN_INSYNC, "2");
        }
        return new NewTopic(name, Optional.of(topicPartitions), replicationFactor).configs(all);
    }

    public NewTopic recordsTopic(String datasetId) {
        return topic(Topics.records(datasetId), partitions, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
    }

    public NewTopic deadLetterTopic(String datasetId) {
        return topic(Topics.deadLetters(datasetId), 1, Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
    }

    public NewTopic offsetsTopic() {
        return topic(Topics.CONNECTOR_OFFSETS, 1, Map.of("cleanup.policy", "compact"));
    }

    /** The connector runtimes' slots: {@code slots} partitions, never written to, so nothing to keep. */
    public NewTopic connectorRuntimesTopic(int slots) {
        return new NewTopic(Topics.CONNECTOR_RUNTIMES, Optional.of(slots), replicationFactor);
    }

    public NewTopic accessLogTopic() {
        // usage history for the zombie report: kept about 13 months
        return topic(Topics.ACCESS_LOG, partitions,
                Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(400L * 24 * 3600 * 1000)));
    }

    public NewTopic disputesTopic() {
        return topic(Topics.DISPUTES, 1, Map.of("cleanup.policy", "compact"));
    }

    /** Grants managed through the API: compacted, one partition, read whole by every gateway replica. */
    public NewTopic grantsTopic() {
        return topic(Topics.GRANTS, 1, Map.of("cleanup.policy", "compact"));
    }

    /** Schema versions registered at runtime: compacted (never deleted), one partition, read whole by every process. */
    public NewTopic schemasTopic() {
        return topic(Topics.SCHEMAS, 1, Map.of("cleanup.policy", "compact"));
    }

    /** Connector declarations sent through the runtime's API: compacted, one partition, read whole by every runtime. */
    public NewTopic declarationsTopic() {
        return topic(Topics.DECLARATIONS, 1, Map.of("cleanup.policy", "compact"));
    }

    public NewTopic auditTopic() {
        // append-only and kept forever; one partition so the topic is one sequence the chains are verified in
        return topic(Topics.AUDIT, 1, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", "-1",
                "retention.bytes", "-1"));
    }

    public NewTopic formLedgerTopic() {
        // the form-burden history, like the access log: kept about 13 months
        return topic(Topics.FORM_LEDGER, partitions,
                Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(400L * 24 * 3600 * 1000)));
    }

    /** Every topic of the given datasets plus the offsets topic. */
    public List<NewTopic> topicsFor(Iterable<String> datasetIds) {
        List<NewTopic> topics = new ArrayList<>();
        for (String id : datasetIds) {
            topics.add(recordsTopic(id));
            topics.add(deadLetterTopic(id));
        }
        topics.add(offsetsTopic());
        return topics;
    }

    /**
     * Waits until the broker's metadata lists every partition of the new topics with a leader. A
     * created topic is not yet in every broker's metadata cache, and a reader that asks too early
     * sees no partitions: Kafka Streams then fails a global store at once ("no partitions
     * available") instead of retrying.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                if (described.values().stream().allMatch(d -> !d.partitions().isEmpty()
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not known yet (UnknownTopicOrPartition): ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka created " + names + " but does not list their partitions with a leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Creates those of {@code topics} that do not exist yet and waits until they are usable; at most
     * about 90 s. With {@link #requireReplicated}, then refuses (throws) when any of {@code topics},
     * new or existing, has fewer than {@value #SAFE_REPLICATION_FACTOR} replicas.
     */
    public void ensure(Admin admin, List<NewTopic> topics) {
        if (requireReplicated && replicationFactor.map(rf -> rf < SAFE_REPLICATION_FACTOR).orElse(false)) {
            throw new IllegalStateException(underReplicated("the configured replication factor " + replicationFactor.get()));
        }
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                create(admin, withoutUnreachableMinInsync(admin, missing));
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
            if (requireReplicated) {
                refuseUnderReplicated(admin, topics.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics: is the broker reachable? " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    private static void create(Admin admin, List<NewTopic> missing) {
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + name, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topic " + name + " within 60 s", e);
            }
        });
    }

    /**
     * With the broker's default replication factor, {@code min.insync.replicas=2} only where the
     * cluster has the brokers to meet it: on a one- or two-broker lab cluster it would refuse every
     * {@code acks=all} write.
     */
    private List<NewTopic> withoutUnreachableMinInsync(Admin admin, List<NewTopic> missing)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (replicationFactor.isPresent() || admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size() >= SAFE_REPLICATION_FACTOR) {
            return missing;
        }
        List<NewTopic> adjusted = new ArrayList<>();
        for (NewTopic topic : missing) {
            Map<String, String> configs = new HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
            configs.remove(MIN_INSYNC);
            adjusted.add(new NewTopic(topic.name(), Optional.of(topic.numPartitions()), Optional.empty()).configs(configs));
        }
        return adjusted;
    }

    private static void refuseUnderReplicated(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
        List<String> few = new ArrayList<>();
        described.values().stream().sorted(Comparator.comparing(TopicDescription::name)).forEach(d -> {
            int replicas = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            if (replicas < SAFE_REPLICATION_FACTOR) {
                few.add(d.name() + " (" + replicas + ")");
            }
        });
        if (!few.isEmpty()) {
            throw new IllegalStateException(underReplicated("topics with fewer replicas: " + String.join(", ", few)));
        }
    }

    private static String underReplicated(String what) {
        return "replication factor below " + SAFE_REPLICATION_FACTOR + " outside dev: " + what
                + "; a broker loss would lose data. Use a replicated cluster, or set datarun.insecure-kafka=true "
                + "(DATARUN_INSECURE_KAFKA=true) for a lab broker";
    }
}
