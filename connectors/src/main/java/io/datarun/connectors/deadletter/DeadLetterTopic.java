package io.datarun.connectors.deadletter;

import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Reads a dataset's dead-letter topic ({@code datarun.<dataset>.dlq}) with {@code read_committed}
 * from given offsets up to its end as it was when reading began: dead letters of a batch still in
 * flight are not seen, and letters written while reading (a replay's own) are left for later.
 */
final class DeadLetterTopic {
    private final String bootstrapServers;
    private final Duration timeout;

    DeadLetterTopic(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** The partitions' next offsets to read: {@code from} where given, else the beginning; and the end. */
    record Span(Map<Integer, Long> from, Map<Integer, Long> to) {
        long size() {
            return to.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L))).sum();
        }
    }

    /** Reads every dead letter in [from, end) of each partition; returns the span read. */
    Span read(String dataset, Map<Integer, Long> from, Consumer<DeadLetter> each) {
        String topic = Topics.deadLetters(dataset);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "datarun-dead-letters",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("no dead-letter topic " + topic + " (no connector has written to "
                        + dataset + " yet, or the dataset id is wrong)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout); // the last stable offset
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            Map<Integer, Long> start = new HashMap<>();
            Map<Integer, Long> end = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long offset = Math.max(from.getOrDefault(tp.partition(), 0L), begins.get(tp));
                consumer.seek(tp, offset);
                start.put(tp.partition(), offset);
                end.put(tp.partition(), ends.get(tp));
            }
            long deadline = System.nanoTime() + timeout.toNanos() * 10;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + timeout.multipliedBy(10));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(tp) && record.value() != null) {
                        each.accept(DeadLetter.parse(record.partition(), record.offset(), record.key(), record.value()));
                    }
                }
            }
            return new Span(start, end);
        }
    }
}
