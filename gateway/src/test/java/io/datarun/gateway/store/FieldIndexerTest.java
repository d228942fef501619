package io.datarun.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway upgraded from one without the index (or a field newly indexed) holds records its index
 * never saw: the index is built from the records store when the task starts, once.
 */
class FieldIndexerTest {
    static final IndexedField HOUSEHOLD = new IndexedField("public-security.household-registry", "householdNumber");

    MockProcessorContext<Void, Void> context;
    KeyValueStore<String, byte[]> records;
    KeyValueStore<String, String> index;

    @BeforeEach
    void stores() {
        context = new MockProcessorContext<>();
        records = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.records(HOUSEHOLD.datasetId())),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        index = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                StoreNames.fieldIndex(HOUSEHOLD.datasetId(), HOUSEHOLD.field())), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        records.init(context.getStateStoreContext(), records);
        index.init(context.getStateStoreContext(), index);
        context.addStateStore(records);
        context.addStateStore(index);
    }

    /** Records whose bytes are their household number, so the test needs no codec. */
    FieldIndexer indexer() {
        return new FieldIndexer(HOUSEHOLD, bytes -> bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8));
    }

    List<String> household(String value) {
        List<String> found = new ArrayList<>();
        try (var entries = index.prefixScan(FieldIndex.valuePrefix(value), new StringSerializer())) {
            entries.forEachRemaining(entry -> found.add(FieldIndex.subjectOf(entry.key, value)));
        }
        return found;
    }

    @Test
    void recordsHeldBeforeTheIndexExistedAreFiledWhenItsTaskStarts() {
        records.put("a", "HH-1".getBytes(StandardCharsets.UTF_8));
        records.put("b", "HH-1".getBytes(StandardCharsets.UTF_8));
        records.put("c", "HH-2".getBytes(StandardCharsets.UTF_8));
        records.put("d", new byte[0]); // no household number: not filed

        FieldIndexer indexer = indexer();
        indexer.init(context);

        assertThat(household("HH-1")).containsExactly("a", "b");
        assertThat(household("HH-2")).containsExactly("c");
        assertThat(index.get(FieldIndex.BUILT)).isEqualTo(FieldIndex.VERSION);
        indexer.process(new Record<>("c", "HH-1".getBytes(StandardCharsets.UTF_8), 0L));
        assertThat(household("HH-1")).as("then it follows the changes").containsExactly("a", "b", "c");
        assertThat(household("HH-2")).isEmpty();
    }

    @Test
    void anIndexAlreadyBuiltIsNotBuiltAgainAtTheNextStart() {
        records.put("a", "HH-1".getBytes(StandardCharsets.UTF_8));
        indexer().init(context);
        // what the index holds is the truth from here on: a later start trusts it rather than re-reading every record
        records.put("z", "HH-1".getBytes(StandardCharsets.UTF_8));
        indexer().init(context);
        assertThat(household("HH-1")).containsExactly("a");
    }
}
