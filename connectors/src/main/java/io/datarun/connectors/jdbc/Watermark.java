package io.datarun.connectors.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Advances a connector's position over a batch read with {@link IncrementalQuery}: the next
 * position is the last row's {@code (watermark, key)}, and a full batch means more rows may be
 * waiting, so the connector polls again at once instead of waiting for the next tick.
 */
public final class Watermark {
    private final SourceRows rows;
    private final int batchSize;

    public Watermark(SourceRows rows, int batchSize) {
        this.rows = rows;
        this.batchSize = batchSize;
    }

    /** The position after {@code batch}; the current one when the batch is empty. */
    public Optional<SourcePosition> next(Optional<SourcePosition> current, List<Map<String, Object>> batch) {
        if (batch.isEmpty()) {
            return current;
        }
        return Optional.of(rows.position(batch.get(batch.size() - 1)));
    }

    /** True when the batch filled its limit: the source may hold more rows right now. */
    public boolean full(List<?> batch) {
        return batch.size() >= batchSize;
    }
}
