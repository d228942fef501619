package io.datarun.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What topics hold now, as a {@code read_committed} consumer sees them (aborted records never
 * show): the ground truth to check asynchronous stores against. A read goes to the end offsets
 * (the last stable offsets) taken at its start, or fails; it never returns a partial view, so
 * "nothing was published" cannot pass vacuously. A topic that does not exist holds nothing.
 */
public final class CommittedTopic {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> client;

    /** @param client the consumer's connection properties (a secured broker's login included) */
    public CommittedTopic(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    public static CommittedTopic at(String bootstrapServers) {
        return new CommittedTopic(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Every committed record, in partition order. */
    public List<ConsumerRecord<String, byte[]>> all(String topic) {
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " was not read to its end " + ends + " within " + TIMEOUT
                            + " (" + records.size() + " records read): no partial view is returned");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The latest value per key; a key whose latest record is a tombstone maps to null. */
    public Map<String, byte[]> latest(String topic) {
        Map<String, byte[]> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : all(topic)) {
            latest.put(record.key(), record.value());
        }
        return latest;
    }

    /** Keys whose latest record is not a tombstone. */
    public long liveKeys(String topic) {
        return latest(topic).values().stream().filter(v -> v != null).count();
    }

    /** How many committed records the topic holds per key. */
    public SortedMap<String, Long> countByKey(String topic) {
        return all(topic).stream().collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new, Collectors.counting()));
    }

    /** Whether the topic exists (has partitions) now. */
    public boolean exists(String topic) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            return partitions != null && !partitions.isEmpty();
        }
    }
}
