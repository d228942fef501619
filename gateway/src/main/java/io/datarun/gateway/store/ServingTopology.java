package io.datarun.gateway.store;

import io.datarun.gateway.usage.AccessEvent;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.gateway.usage.SubjectReads;
import io.datarun.gateway.usage.UsageStats;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The serving state, built from the log: per dataset, the latest record per subject (a table
 * whose changelog is the dataset topic itself, so nothing is copied), a live-subject count and
 * the newest change time. Besides: reads per dataset (from the access log) and every intake
 * source's committed counts (a global table of the offsets topic, small and on every replica).
 * Stores are RocksDB on local disk, partitioned like the topics.
 */
public final class ServingTopology {
    private ServingTopology() {
    }

    public static Topology build(Collection<DatasetDescriptor> datasets, RecordCodec codec, List<TopologyPart> parts,
            Properties streamsProps) {
        StreamsBuilder builder = new StreamsBuilder();
        usage(builder);
        parts.forEach(part -> part.addTo(builder));
        builder.globalTable(Topics.DISPUTES, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-disputes"),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(StoreNames.DISPUTES)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        builder.globalTable(Topics.CONNECTOR_OFFSETS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-offsets"),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(StoreNames.SOURCES)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        for (DatasetDescriptor dataset : datasets) {
            addDataset(builder, dataset, codec);
        }
        // reuse the compacted dataset topics as the tables' changelogs instead of copying them
        return builder.build(streamsProps);
    }

    /**
     * The serving topology of one dataset registered at runtime, run by a Kafka Streams instance of
     * its own: the main topology is fixed when the gateway starts (see docs/architecture.md).
     */
    public static Topology buildDataset(DatasetDescriptor dataset, RecordCodec codec, Properties streamsProps) {
        StreamsBuilder builder = new StreamsBuilder();
        addDataset(builder, dataset, codec);
        return builder.build(streamsProps);
    }

    /** The dataset's records table, its live count and its last change time. */
    private static void addDataset(StreamsBuilder builder, DatasetDescriptor dataset, RecordCodec codec) {
        String id = dataset.id();
        KTable<String, byte[]> table = builder.table(Topics.records(id),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-" + id),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(StoreNames.records(id))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        table.groupBy((subject, value) -> KeyValue.pair(id, new byte[0]),
                        Grouped.with("by-dataset-" + id, Serdes.String(), Serdes.ByteArray()))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(StoreNames.counts(id))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        String lastUpdates = StoreNames.lastUpdates(id);
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(lastUpdates), Serdes.String(), Serdes.Long()));
        ToLongFunction<byte[]> changeTime = dataset.updatedAtField()
                .<ToLongFunction<byte[]>>map(field -> bytes -> changeTime(codec, id, field, bytes))
                .orElse(bytes -> -1L);
        table.toStream().process(() -> new LastUpdateProcessor(id, lastUpdates, changeTime), lastUpdates);
    }

    /** Reads per dataset and consumer department, folded from the access log. */
    private static void usage(StreamsBuilder builder) {
        KStream<String, AccessEvent> events = builder.stream(Topics.ACCESS_LOG,
                Consumed.with(Serdes.String(), JsonSerde.of(AccessEvent.class)).withName("source-access-log"));
        events.groupBy((dataset, event) -> SubjectReads.key(event.dataset(), event.subjectId()),
                        Grouped.with("reads-by-subject", Serdes.String(), JsonSerde.of(AccessEvent.class)))
                .aggregate(() -> SubjectReads.NONE, (key, event, reads) -> reads.plus(event),
                        Materialized.<String, SubjectReads, KeyValueStore<Bytes, byte[]>>as(StoreNames.SUBJECT_READS)
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(SubjectReads.class)));
        events.groupByKey(Grouped.with("usage-by-dataset", Serdes.String(), JsonSerde.of(AccessEvent.class)))
                .aggregate(() -> UsageStats.NONE, (dataset, event, stats) -> stats.plus(event),
                        Materialized.<String, UsageStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.USAGE)
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(UsageStats.class)));
    }

    private static long changeTime(RecordCodec codec, String datasetId, String field, byte[] bytes) {
        try {
            Object value = codec.decode(datasetId, bytes).get(field);
            return value instanceof Instant instant ? instant.toEpochMilli() : -1L;
        } catch (RuntimeException e) {
            return -1L; // an unreadable record must not stop the serving stores; the read path reports it
        }
    }
}
