package io.datarun.gateway.store;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.wire.Topics;
import java.util.Collection;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The serving state, built from the log: per dataset, the latest record per subject (a table
 * whose changelog is the dataset topic itself, so nothing is copied), a live-subject count and
 * the newest change time. Stores are RocksDB on local disk, partitioned like the topics.
 */
public final class ServingTopology {
    private ServingTopology() {
    }

    public static Topology build(Collection<DatasetDescriptor> datasets, Properties streamsProps) {
        StreamsBuilder builder = new StreamsBuilder();
        for (DatasetDescriptor dataset : datasets) {
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
            table.toStream().process(() -> new LastUpdateProcessor(id, lastUpdates), lastUpdates);
        }
        // reuse the compacted dataset topics as the tables' changelogs instead of copying them
        return builder.build(streamsProps);
    }
}
