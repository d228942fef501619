package io.datarun.connectors.deadletter;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * The change time of the record a dataset topic holds now for each of some subjects. A replay
 * must not put back an old state over a newer one: when the department corrected a refused row at
 * its source, the connector has already published the corrected record, and the dead letter is
 * history. Only the wanted keys are decoded; the rest of the topic is skipped by key.
 */
final class LatestRecords {
    /** A subject with a record but no change time to compare (the dataset declares none). */
    static final Instant UNKNOWN = Instant.MAX;

    private final TopicReadThrough topics;
    private final RecordCodec codec;

    LatestRecords(KafkaClientSettings kafka, RecordCodec codec, Duration timeout) {
        this.topics = new TopicReadThrough(kafka, timeout);
        this.codec = codec;
    }

    Map<String, Instant> changeTimes(DatasetDescriptor dataset, Set<String> subjects) {
        Map<String, Instant> latest = new HashMap<>();
        if (subjects.isEmpty()) {
            return latest;
        }
        topics.read(Topics.records(dataset.id()), "datarun-dead-letter-replay-records", Map.of(), record -> {
            if (!subjects.contains(record.key())) {
                return;
            }
            if (record.value() == null) {
                latest.remove(record.key()); // a tombstone: the subject is gone, the replay may restore it
            } else {
                latest.put(record.key(), changeTime(dataset, codec.decode(dataset.id(), record.value())));
            }
        });
        return latest;
    }

    private static Instant changeTime(DatasetDescriptor dataset, GenericRecord record) {
        Object value = dataset.updatedAtField().map(record::get).orElse(null);
        return value instanceof Instant instant ? instant : UNKNOWN;
    }
}
