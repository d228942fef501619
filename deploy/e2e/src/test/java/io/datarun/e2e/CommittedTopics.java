package io.datarun.e2e;

import io.datarun.testkit.CommittedTopic;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads whole topics as the gateway does: {@code read_committed}, every partition, from the
 * beginning (the test kit's {@link CommittedTopic}); here a topic must exist to be read.
 */
final class CommittedTopics {
    private final CommittedTopic topics;

    CommittedTopics(String bootstrapServers) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** With these client properties (a secured cluster's login). */
    CommittedTopics(Map<String, Object> clientProperties) {
        this.topics = new CommittedTopic(clientProperties);
    }

    /** Whether the topic exists (has partitions) now. */
    boolean exists(String topic) {
        return topics.exists(topic);
    }

    /**
     * Every committed record of the topic up to its last stable offset at the time of the call
     * (records of an open transaction are not waited for), in partition order.
     */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        requireExists(topic);
        return topics.all(topic);
    }

    /** How many committed records the topic holds per key. */
    SortedMap<String, Long> countByKey(String topic) {
        requireExists(topic);
        return topics.countByKey(topic);
    }

    private void requireExists(String topic) {
        if (!topics.exists(topic)) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
    }

    /** The keys counted more than once: what an exactly-once check expects to be empty. */
    static SortedMap<String, Long> duplicates(Map<String, Long> counts) {
        SortedMap<String, Long> twice = new TreeMap<>();
        counts.forEach((key, count) -> {
            if (count > 1) {
                twice.put(key, count);
            }
        });
        return twice;
    }
}
