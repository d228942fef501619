package io.datarun.connectors.spi;

import java.util.List;

/**
 * Rows read by one poll and the position after them. The position is the source's own text (a
 * line number, a cursor, a JSON object); the runtime stores it and hands it back to the next poll.
 */
public record SourceBatch(List<SourceRow> rows, String next) {
    public SourceBatch {
        rows = List.copyOf(rows);
    }

    /** Nothing new: the position stays. */
    public static SourceBatch empty(String position) {
        return new SourceBatch(List.of(), position);
    }
}
