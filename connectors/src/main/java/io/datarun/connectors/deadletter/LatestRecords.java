package io.datarun.connectors.deadletter;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The change time of the record a dataset topic holds now for each of some subjects. A replay
 * must not put back an old state over a newer one: when the department corrected a refused row at
 * its source, the connector has already published the corrected record, and the dead letter is
 * history. Only the wanted keys are decoded; the rest of the topic is skipped by key.
 */
final class LatestRecords {
    /** A subject with a record but no change time to compare (the dataset declares none). */
    static final Instant UNKNOWN = Instant.MAX;

    private final String bootstrapServers;
    private final RecordCodec codec;
    private final Duration timeout;

    LatestRecords(String bootstrapServers, RecordCodec codec, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.codec = codec;
        this.timeout = timeout;
    }

    Map<String, Instant> changeTimes(DatasetDescriptor dataset, Set<String> subjects) {
        Map<String, Instant> latest = new HashMap<>();
        if (subjects.isEmpty()) {
            return latest;
        }
        String topic = Topics.records(dataset.id());
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "datarun-dead-letter-replay-records",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return latest;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos() * 20;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + timeout.multipliedBy(20));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!subjects.contains(record.key())) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.remove(record.key()); // a tombstone: the subject is gone, the replay may restore it
                        continue;
                    }
                    latest.put(record.key(), changeTime(dataset, codec.decode(dataset.id(), record.value())));
                }
            }
        }
        return latest;
    }

    private static Instant changeTime(DatasetDescriptor dataset, GenericRecord record) {
        Object value = dataset.updatedAtField().map(record::get).orElse(null);
        return value instanceof Instant instant ? instant : UNKNOWN;
    }
}
