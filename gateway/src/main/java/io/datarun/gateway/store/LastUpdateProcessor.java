package io.datarun.gateway.store;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the newest change timestamp of a dataset per partition, for the catalog's "last update". */
final class LastUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private final String datasetId;
    private final String storeName;
    private KeyValueStore<String, Long> store;

    LastUpdateProcessor(String datasetId, String storeName) {
        this.datasetId = datasetId;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Long previous = store.get(datasetId);
        if (previous == null || record.timestamp() > previous) {
            store.put(datasetId, record.timestamp());
        }
    }
}
