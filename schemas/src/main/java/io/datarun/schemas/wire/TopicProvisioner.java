package io.datarun.schemas.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
public final class TopicProvisioner {
    private final int partitions;
    private final short replicationFactor;

    public TopicProvisioner(int partitions, short replicationFactor) {
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public NewTopic recordsTopic(String datasetId) {
        return new NewTopic(Topics.records(datasetId), partitions, replicationFactor)
                .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
    }

    public NewTopic deadLetterTopic(String datasetId) {
        return new NewTopic(Topics.deadLetters(datasetId), 1, replicationFactor)
                .configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
    }

    public NewTopic offsetsTopic() {
        return new NewTopic(Topics.CONNECTOR_OFFSETS, 1, replicationFactor)
                .configs(Map.of("cleanup.policy", "compact"));
    }

    /** The connector runtimes' slots: {@code slots} partitions, never written to, so nothing to keep. */
    public NewTopic connectorRuntimesTopic(int slots) {
        return new NewTopic(Topics.CONNECTOR_RUNTIMES, slots, replicationFactor);
    }

    public NewTopic accessLogTopic() {
        // usage history for the zombie report: kept about 13 months
        return new NewTopic(Topics.ACCESS_LOG, partitions, replicationFactor)
                .configs(Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(400L * 24 * 3600 * 1000)));
    }

    public NewTopic disputesTopic() {
        return new NewTopic(Topics.DISPUTES, 1, replicationFactor).configs(Map.of("cleanup.policy", "compact"));
    }

    public NewTopic auditTopic() {
        // append-only and kept forever; one partition so the topic is one sequence the chains are verified in
        return new NewTopic(Topics.AUDIT, 1, replicationFactor).configs(Map.of(
                "cleanup.policy", "delete",
                "retention.ms", "-1",
                "retention.bytes", "-1",
                "min.insync.replicas", replicationFactor >= 3 ? "2" : "1"));
    }

    public NewTopic formLedgerTopic() {
        // the form-burden history, like the access log: kept about 13 months
        return new NewTopic(Topics.FORM_LEDGER, partitions, replicationFactor)
                .configs(Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(400L * 24 * 3600 * 1000)));
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

    /** Creates those of {@code topics} that do not exist yet and waits until they are usable; at most about 90 s. */
    public void ensure(Admin admin, List<NewTopic> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
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
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics: is the broker reachable? " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }
}
