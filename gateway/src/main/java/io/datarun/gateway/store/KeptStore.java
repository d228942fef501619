package io.datarun.gateway.store;

import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * A read handle on a records store that finds its RocksDB stores once, when it is made, instead
 * of on every read. Kafka Streams' own handle ({@code CompositeReadOnlyKeyValueStore}) asks the
 * stream threads for their stores at each {@code get}, which copies every task of the topology
 * into new sets: on the read path that was a third of the request threads' samples (JFR, run J of
 * docs/benchmarks.md), more than decoding, projecting and serialising the record together.
 *
 * <p>The stores found belong to the tasks assigned when the handle was made. {@link RecordStore}
 * makes a new handle after any state change of the Streams instance (a rebalance moves tasks only
 * while it is not {@code RUNNING}), and a store that was closed since refuses with
 * {@link InvalidStateStoreException}, as Streams' own handle does. One difference remains: a handle
 * made during a rebalance may, until the instance is {@code RUNNING} again, read a task that was just
 * turned into a standby without closing its store — a copy at most a few records behind, where
 * Streams' handle would have answered "rebalancing" (503).
 */
final class KeptStore {
    /** The store type to pass to {@code KafkaStreams.store}: it accepts the records' key-value stores. */
    static final QueryableStoreType<KeptStore> TYPE = new QueryableStoreType<>() {
        @Override
        public boolean accepts(StateStore store) {
            return store instanceof ReadOnlyKeyValueStore;
        }

        @Override
        public KeptStore create(StateStoreProvider provider, String storeName) {
            return new KeptStore(storeName, provider.stores(storeName, this));
        }
    };

    private final String name;
    private final List<ReadOnlyKeyValueStore<String, ?>> stores;

    @SuppressWarnings("unchecked")
    private KeptStore(String name, List<?> found) {
        if (found.isEmpty()) {
            throw new InvalidStateStoreException("no local store " + name + " is open");
        }
        this.name = name;
        this.stores = List.copyOf((List<ReadOnlyKeyValueStore<String, ?>>) found);
    }

    /**
     * The value kept for {@code key}, or null. A table's store keeps values with their timestamp
     * (Streams' handle unwraps them for its key-value type, which this handle is not).
     */
    byte[] get(String key) {
        for (ReadOnlyKeyValueStore<String, ?> store : stores) {
            Object value = store.get(key); // a closed store throws InvalidStateStoreException
            if (value instanceof ValueAndTimestamp<?> stamped) {
                value = stamped.value();
            }
            if (value != null) {
                return (byte[]) value;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "KeptStore[" + name + " x" + stores.size() + "]";
    }
}
