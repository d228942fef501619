package io.datarun.gateway.store;

import java.util.function.ToLongFunction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a dataset's newest change time per partition, for freshness: the source's own change
 * time when the schema names one ({@code datarun.updatedAtField}), else when Kafka received it.
 * A feed that republishes old rows is therefore not "fresh".
 */
final class LastUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private final String datasetId;
    private final String storeName;
    private final ToLongFunction<byte[]> changeTime;
    private KeyValueStore<String, Long> store;

    /** {@code changeTime} returns epoch millis, or a negative number to use the Kafka timestamp. */
    LastUpdateProcessor(String datasetId, String storeName, ToLongFunction<byte[]> changeTime) {
        this.datasetId = datasetId;
        this.storeName = storeName;
        this.changeTime = changeTime;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a deletion is no update of the data
        }
        long time = changeTime.applyAsLong(record.value());
        long changed = time < 0 ? record.timestamp() : time;
        Long previous = store.get(datasetId);
        if (previous == null || changed > previous) {
            store.put(datasetId, changed);
        }
    }
}
