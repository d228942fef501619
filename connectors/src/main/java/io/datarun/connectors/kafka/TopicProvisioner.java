package io.datarun.connectors.kafka;

import io.datarun.schemas.wire.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a connector writes to when they are missing: the dataset topic compacted
 * (latest record per subject is kept forever), the dead-letter topic never deleted, and the shared
 * offsets topic compacted with one partition. Existing topics are left as they are.
 */
public final class TopicProvisioner {
    private final Admin admin;
    private final KafkaSettings settings;

    public TopicProvisioner(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    public void ensure(String datasetId) {
        List<NewTopic> wanted = List.of(
                new NewTopic(Topics.records(datasetId), settings.partitions(), settings.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(Topics.deadLetters(datasetId), settings.partitions(), settings.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG, "-1")),
                new NewTopic(Topics.CONNECTOR_OFFSETS, 1, settings.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>(wanted.stream().filter(t -> !existing.contains(t.name())).toList());
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another runtime creating it at the same time is fine
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topics of " + datasetId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topics of " + datasetId, e);
        }
    }

    private long timeoutMs() {
        return settings.startTimeout().toMillis();
    }
}
