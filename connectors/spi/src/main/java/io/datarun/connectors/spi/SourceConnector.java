package io.datarun.connectors.spi;

import java.util.List;

/**
 * A custom source, for systems no declaration kind reads. Declare it with
 * {@code source: {kind: java, class: com.example.MySource, options: {...}}}; the class needs a
 * public no-argument constructor, and its jar goes into the runtime's plugins folder
 * ({@code datarun.connectors.plugins-dir}). Most sources extend {@link DefaultSourceConnector}.
 *
 * <p>The runtime calls {@link #open} once, then {@link #poll} again and again on one thread, and
 * publishes each batch's records, dead letters and {@link SourceBatch#next() next position} in
 * <em>one</em> Kafka transaction. After a crash or restart, {@code poll} is called with the last
 * committed position. The source is read effectively once when it keeps these promises, which the
 * conformance kit ({@code datarun-connector-spi-testkit}) checks without Kafka:
 * <ul>
 *   <li>the same position gives the same rows (a batch that was never committed is read again as it was);</li>
 *   <li>positions advance: a batch with rows returns a position it has not returned before;</li>
 *   <li>resuming from a returned position neither skips nor repeats a row, whatever the batch sizes;</li>
 *   <li>every row carries its change time (the column the declaration maps to the dataset's updated-at field).</li>
 * </ul>
 */
public interface SourceConnector extends AutoCloseable {

    /** Called once before the first poll, with the declaration's options. */
    void open(SourceContext context) throws Exception;

    /**
     * Up to {@code max} rows strictly after {@code position}.
     *
     * @param position the committed position, {@code null} before the first commit
     * @return the rows and the position after them; no rows means nothing new (the runtime waits
     *         {@code pollInterval}); a batch of {@code max} rows makes the runtime poll again at once
     */
    SourceBatch poll(String position, int max) throws Exception;

    /**
     * Called after a batch (its records, dead letters and position) has been committed to Kafka:
     * the place for side effects that must follow the commit (acknowledging, moving a file).
     * Not called again if the runtime crashes before it runs; keep it idempotent.
     */
    default void committed(SourceBatch batch, List<RejectedRow> rejected) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
