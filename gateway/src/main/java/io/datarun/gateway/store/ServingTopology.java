package io.datarun.gateway.store;

import io.datarun.gateway.usage.JsonSerde;
import io.datarun.gateway.usage.SubjectReadLog;
import io.datarun.gateway.usage.UsageCount;
import io.datarun.gateway.usage.UsageStats;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
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
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * The serving state, built from the log: per dataset, the latest record per subject (a table
 * whose changelog is the dataset topic itself, so nothing is copied), a live-subject count and
 * the newest change time. Besides: reads per dataset (from the access log) and every intake
 * source's committed counts (a global table of the offsets topic, small and on every replica).
 * Stores are RocksDB on local disk, partitioned like the topics.
 */
public final class ServingTopology {
    private static final Logger LOG = Logger.getLogger(ServingTopology.class);

    private ServingTopology() {
    }

    /** The main topology, each read of a record kept {@code readsKeptFor} for disputes. */
    public static Topology build(Collection<DatasetDescriptor> datasets, RecordCodec codec, List<TopologyPart> parts,
            Duration readsKeptFor, Properties streamsProps) {
        StreamsBuilder builder = new StreamsBuilder();
        usage(builder, readsKeptFor);
        parts.forEach(part -> part.addTo(builder));
        builder.globalTable(Topics.DISPUTES, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-disputes"),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(StoreNames.DISPUTES)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        builder.globalTable(Topics.CONNECTOR_OFFSETS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-offsets"),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(StoreNames.SOURCES)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        List<IndexedField> indexed = parts.stream().flatMap(part -> part.indexedFields().stream()).distinct().toList();
        for (DatasetDescriptor dataset : datasets) {
            addDataset(builder, dataset, codec, indexed);
        }
        // reuse the compacted dataset topics as the tables' changelogs instead of copying them
        return builder.build(streamsProps);
    }

    /**
     * The serving topology of one dataset registered at runtime, run by a Kafka Streams instance of
     * its own: the main topology is fixed when the gateway starts (see docs/architecture.md).
     */
    public static Topology buildDataset(DatasetDescriptor dataset, RecordCodec codec, List<IndexedField> indexed,
            Properties streamsProps) {
        StreamsBuilder builder = new StreamsBuilder();
        addDataset(builder, dataset, codec, indexed);
        return builder.build(streamsProps);
    }

    /** The dataset's records table, its live count, its last change time and the indexes of its {@code indexed} fields. */
    private static void addDataset(StreamsBuilder builder, DatasetDescriptor dataset, RecordCodec codec,
            List<IndexedField> indexed) {
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
        indexed.stream().filter(f -> f.datasetId().equals(id) && dataset.field(f.field()).isPresent())
                .forEach(f -> addFieldIndex(builder, table, f, codec));
    }

    /**
     * The subjects by the value of one field, kept by the task of each records partition from the
     * table's changes (no repartition topic): a lookup by value is a prefix scan per local partition
     * instead of decoding every record (a household view at a million residents). Nodes are named so
     * that indexing one more field leaves the names, and so the internal topics, of the others alone.
     */
    private static void addFieldIndex(StreamsBuilder builder, KTable<String, byte[]> table, IndexedField indexed,
            RecordCodec codec) {
        String store = StoreNames.fieldIndex(indexed.datasetId(), indexed.field());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                Serdes.String(), Serdes.String()));
        table.toStream(Named.as("changes-" + store))
                .process(() -> new FieldIndexer(indexed, bytes -> fieldValue(codec, indexed, bytes)),
                        Named.as("indexer-" + store), store, StoreNames.records(indexed.datasetId()));
    }

    private static String fieldValue(RecordCodec codec, IndexedField indexed, byte[] bytes) {
        try {
            Object value = codec.decodeField(indexed.datasetId(), bytes, indexed.field());
            return value == null ? null : value.toString();
        } catch (RuntimeException e) {
            return null; // an unreadable record is not filed; the read path reports it
        }
    }

    /**
     * Reads per dataset and consumer department, folded from the access log's per-second sums; each
     * read of a subject's record filed under the record at its time, from the per-read events of
     * {@code datarun._reads}. Both topics are keyed as their stores are, so neither needs a repartition.
     * The per-record logs that gateways before {@code subject-read-times} kept ({@code subject-reads})
     * stay in the same sub-topology, restored from their changelog and read, never written again, so
     * that disputes still name the readers they hold.
     */
    private static void usage(StreamsBuilder builder, Duration readsKeptFor) {
        builder.stream(Topics.ACCESS_LOG, Consumed.with(Serdes.String(), UsageCount.serde()).withName("source-access-log"))
                .groupByKey(Grouped.with("usage-by-dataset", Serdes.String(), UsageCount.serde()))
                .aggregate(() -> UsageStats.NONE, (dataset, count, stats) -> stats.plus(count),
                        Materialized.<String, UsageStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.USAGE)
                                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(UsageStats.class)));
        // every read is a new key-time pair: a record cache would only sort them (a third of the stream
        // thread in run J's profile) before writing each anyway
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.SUBJECT_READ_TIMES, readsKeptFor, Duration.ofMillis(1), true),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(StoreNames.SUBJECT_READS), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled());
        builder.stream(Topics.READS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-reads"))
                .filter((key, entry) -> readable(entry), Named.as("readable-reads"))
                .process(SubjectReadIndexer::new, Named.as("index-reads"), StoreNames.SUBJECT_READ_TIMES,
                        StoreNames.SUBJECT_READS);
    }

    /** Only the gateway writes the reads topic; an event it cannot read is skipped, not a stopped stream. */
    private static boolean readable(byte[] entry) {
        if (SubjectReadLog.isEntry(entry)) {
            return true;
        }
        LOG.warnf("unreadable read event skipped bytes=%d", entry == null ? -1 : entry.length);
        return false;
    }

    private static long changeTime(RecordCodec codec, String datasetId, String field, byte[] bytes) {
        try {
            Object value = codec.decodeField(datasetId, bytes, field);
            return value instanceof Instant instant ? instant.toEpochMilli() : -1L;
        } catch (RuntimeException e) {
            return -1L; // an unreadable record must not stop the serving stores; the read path reports it
        }
    }
}
