package io.datarun.gateway.store;

import io.datarun.gateway.usage.SubjectReadLog;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Files each read event of {@code datarun._reads} under its record's key at the time of the read, so
 * that a dispute finds the departments served a value by one range scan of that key.
 *
 * <p>Why not a per-record log (what {@code subject-reads} was): appending to it meant a store lookup,
 * the whole log rewritten and its whole value sent to the changelog at every read — up to 200 entries
 * (12 KB) per read of a much-read record — and that fold was half of a read's CPU on the gateway and
 * the broker (docs/benchmarks.md, run L). A window store takes each read as one small put and one small
 * changelog record, and drops whole segments once they are older than {@code datarun.gateway.reads-kept-for}.
 */
final class SubjectReadIndexer implements Processor<String, byte[], Void, Void> {
    private WindowStore<String, byte[]> reads;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        reads = context.getStateStore(StoreNames.SUBJECT_READ_TIMES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // the store keeps duplicates: two reads of one record in the same millisecond are both kept
        reads.put(record.key(), record.value(), SubjectReadLog.timeOf(record.value(), record.timestamp()));
    }
}
