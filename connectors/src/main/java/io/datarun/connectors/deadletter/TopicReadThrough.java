package io.datarun.connectors.deadletter;

import io.datarun.schemas.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic with {@code read_committed} from given offsets (else its beginning) up to its end as
 * it was when reading began: records of a transaction still open are not seen, and records written
 * while reading are left for later. What the steward's tools read dead letters and records with.
 */
final class TopicReadThrough {
    /** The partitions' offsets read from, and the end offsets read up to. */
    record Span(Map<Integer, Long> from, Map<Integer, Long> to) {
        long size() {
            return to.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L))).sum();
        }
    }

    private final KafkaClientSettings kafka;
    private final Duration timeout;

    TopicReadThrough(KafkaClientSettings kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    /** Hands every record in [from, end), tombstones included, to {@code each}; empty when the topic does not exist. */
    Optional<Span> read(String topic, String clientId, Map<Integer, Long> from, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> config = kafka.with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout); // the last stable offsets
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            Map<Integer, Long> start = new HashMap<>();
            Map<Integer, Long> end = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long offset = Math.max(from.getOrDefault(tp.partition(), 0L), begins.get(tp));
                consumer.seek(tp, offset);
                start.put(tp.partition(), offset);
                end.put(tp.partition(), ends.get(tp));
            }
            Duration allowed = timeout.multipliedBy(20);
            long deadline = System.nanoTime() + allowed.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + allowed);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
            return Optional.of(new Span(start, end));
        }
    }
}
