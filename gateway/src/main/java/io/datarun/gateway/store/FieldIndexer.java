package io.datarun.gateway.store;

import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jboss.logging.Logger;

/**
 * Keeps one field's {@link FieldIndex} from the changes of a dataset's records table, in the task
 * that keeps the table's partition. A partition whose index was not built alongside its records (a
 * gateway upgraded from one without the index, or a field newly indexed) is first built from the
 * records store when its task starts: one pass, logged with its count and time.
 */
final class FieldIndexer implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = Logger.getLogger(FieldIndexer.class);

    private final IndexedField indexed;
    private final Function<byte[], String> valueOf;
    private KeyValueStore<String, String> index;

    /** {@code valueOf}: the field's value in an encoded record, or null (absent, null or unreadable). */
    FieldIndexer(IndexedField indexed, Function<byte[], String> valueOf) {
        this.indexed = indexed;
        this.valueOf = valueOf;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        index = context.getStateStore(StoreNames.fieldIndex(indexed.datasetId(), indexed.field()));
        if (!FieldIndex.VERSION.equals(index.get(FieldIndex.BUILT))) {
            KeyValueStore<String, ?> records = context.getStateStore(StoreNames.records(indexed.datasetId()));
            build(records, context.taskId().partition());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        file(record.key(), record.value() == null ? null : valueOf.apply(record.value()));
    }

    /** Files the subject under {@code value} (none: null), removing what it was filed under before. */
    private void file(String subject, String value) {
        if (subject == null) {
            return;
        }
        String now = FieldIndex.indexable(value) ? value : null;
        String before = index.get(FieldIndex.filedUnder(subject));
        if (now != null && now.equals(before)) {
            return;
        }
        if (before != null) {
            index.delete(FieldIndex.entry(before, subject));
        }
        if (now == null) {
            index.delete(FieldIndex.filedUnder(subject));
        } else {
            index.put(FieldIndex.entry(now, subject), "");
            index.put(FieldIndex.filedUnder(subject), now);
        }
    }

    private void build(KeyValueStore<String, ?> records, int partition) {
        long started = System.nanoTime();
        long filed = 0;
        try (KeyValueIterator<String, ?> all = records.all()) {
            while (all.hasNext()) {
                KeyValue<String, ?> entry = all.next();
                byte[] bytes = entry.value instanceof ValueAndTimestamp<?> stamped ? (byte[]) stamped.value()
                        : (byte[]) entry.value;
                file(entry.key, bytes == null ? null : valueOf.apply(bytes));
                filed++;
            }
        }
        index.put(FieldIndex.BUILT, FieldIndex.VERSION);
        LOG.infof("field index built from the records store dataset=%s field=%s partition=%d records=%d ms=%d",
                indexed.datasetId(), indexed.field(), partition, filed, (System.nanoTime() - started) / 1_000_000);
    }
}
