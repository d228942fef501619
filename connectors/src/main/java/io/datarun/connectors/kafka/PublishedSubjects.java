package io.datarun.connectors.kafka;

import io.datarun.schemas.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A key comparison keeps in memory only the subjects the source no longer holds, so a million published
 * subjects that are all still in the source cost nothing beyond the read.
 */
final class PublishedSubjects {
    /** {@code TransactionalPublisher.HEADER_CONNECTOR}, which writes it. */
    static final String HEADER_CONNECTOR = "datarun.connector";

    private PublishedSubjects() {
    }

    /** Subjects whose newest record is this connector's and that {@code inSource} does not hold: a key comparison. */
    static List<String> goneFrom(KafkaSettings settings, String clientId, String connector, String dataset,
            Predicate<String> inSource) {
        List<String> gone = new ArrayList<>(ours(settings, clientId, connector, dataset, inSource.negate()));
        gone.sort(null);
        return gone;
    }

    /** Every subject whose newest record is this connector's: what a full export compares its keys with. */
    static Set<String> all(KafkaSettings settings, String clientId, String connector, String dataset) {
        return ours(settings, clientId, connector, dataset, subject -> true);
    }

    /**
     * Reads the topic from its beginning to its end as it is now ({@code read_committed}) and keeps the
     * subjects {@code considered} admits whose newest record is a live one carrying this connector's header.
     */
    private static Set<String> ours(KafkaSettings settings, String clientId, String connector, String dataset,
            Predicate<String> considered) {
        byte[] ours = connector.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = settings.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        long deadline = System.nanoTime() + settings.startTimeout().toNanos() * 30;
        Set<String> live = new HashSet<>();
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
                    throw new IllegalStateException("reading the subjects of " + Topics.records(dataset) + " took too long");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !considered.test(record.key())) {
                        continue;
                    }
                    Header header = record.headers().lastHeader(HEADER_CONNECTOR);
                    if (record.value() != null && header != null && java.util.Arrays.equals(header.value(), ours)) {
                        live.add(record.key());
                    } else {
                        live.remove(record.key());
                    }
                }
            }
        }
        return live;
    }
}
