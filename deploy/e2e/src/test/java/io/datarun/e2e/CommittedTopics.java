package io.datarun.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads whole topics as the gateway does: {@code read_committed}, every partition, from the beginning. */
final class CommittedTopics {
    private final Map<String, Object> client;

    CommittedTopics(String bootstrapServers) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** With these client properties (a secured cluster's login). */
    CommittedTopics(Map<String, Object> clientProperties) {
        this.client = Map.copyOf(clientProperties);
    }

    private Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.putAll(own);
        return config;
    }

    /** Whether the topic exists (has partitions) now. */
    boolean exists(String topic) {
        Map<String, Object> config = config(Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            return partitions != null && !partitions.isEmpty();
        }
    }

    /**
     * Every committed record of the topic up to its last stable offset at the time of the call
     * (records of an open transaction are not waited for), in partition order.
     */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> config = config(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30)); // read_committed: the LSO
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to " + ends + " took more than 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** How many committed records the topic holds per key. */
    java.util.SortedMap<String, Long> countByKey(String topic) {
        return readAll(topic).stream().collect(java.util.stream.Collectors.groupingBy(ConsumerRecord::key,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    /** The keys counted more than once: what an exactly-once check expects to be empty. */
    static java.util.SortedMap<String, Long> duplicates(Map<String, Long> counts) {
        java.util.SortedMap<String, Long> twice = new java.util.TreeMap<>();
        counts.forEach((key, count) -> {
            if (count > 1) {
                twice.put(key, count);
            }
        });
        return twice;
    }
}
