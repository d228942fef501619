package io.datarun.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a topic holds now, read to its end (committed records only): the ground truth to check the
 * gateway's asynchronous stores against. It reads until the end offsets taken at the start, or
 * fails; it never returns a partial view, so "nothing was published" cannot pass vacuously.
 */
public final class CommittedTopic {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CommittedTopic() {
    }

    /** The latest value per key; a key whose latest record is a tombstone maps to null. */
    public static Map<String, byte[]> latest(String topic) {
        Map<String, byte[]> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : all(topic)) {
            latest.put(record.key(), record.value());
        }
        return latest;
    }

    /** Keys whose latest record is not a tombstone. */
    public static long liveKeys(String topic) {
        return latest(topic).values().stream().filter(v -> v != null).count();
    }

    /** Every committed record, in partition order. */
    public static List<ConsumerRecord<String, byte[]>> all(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", KafkaTestResource.bootstrapServers(), "isolation.level", "read_committed",
                "enable.auto.commit", false, "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " was not read to its end " + end + " within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
