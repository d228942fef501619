package io.datarun.connectors.kafka;

import io.datarun.schemas.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The subjects a connector has published and not deleted, read back from the dataset topic (the
 * source of truth, so nothing is kept between comparisons): a subject counts when its newest committed
 * record is a record (not a tombstone) carrying this connector's {@code datarun.connector} header.
 * Only subjects the source no longer holds are kept in memory while reading, so a million published
 * subjects that are all still in the source cost nothing beyond the read.
 */
final class PublishedSubjects {
    /** {@code TransactionalPublisher.HEADER_CONNECTOR}, which writes it. */
    static final String HEADER_CONNECTOR = "datarun.connector";

    private PublishedSubjects() {
    }

    /** Subjects whose newest record is this connector's and that {@code inSource} does not hold. */
    static List<String> goneFrom(KafkaSettings settings, String clientId, String connector, String dataset,
            Predicate<String> inSource) {
        byte[] ours = connector.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = settings.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        long deadline = System.nanoTime() + settings.startTimeout().toNanos() * 30;
        Map<String, Boolean> candidates = new HashMap<>(); // subject -> newest record is ours and live
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.records(dataset), settings.startTimeout())
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, past every transaction this connector committed
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, settings.startTimeout());
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + Topics.records(dataset) + " for a key comparison took too long");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || inSource.test(record.key())) {
                        continue;
                    }
                    Header header = record.headers().lastHeader(HEADER_CONNECTOR);
                    boolean mine = header != null && java.util.Arrays.equals(header.value(), ours);
                    candidates.put(record.key(), mine && record.value() != null);
                }
            }
        }
        List<String> gone = new ArrayList<>();
        candidates.forEach((subject, live) -> {
            if (live) {
                gone.add(subject);
            }
        });
        gone.sort(null);
        return gone;
    }
}
