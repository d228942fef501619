package io.datarun.connectors.spi;

import java.util.List;

/** A row of a committed batch that went to the dead-letter topic, with every failed constraint. */
public record RejectedRow(SourceRow row, List<RowViolation> violations) {
    public RejectedRow {
        violations = List.copyOf(violations);
    }
}
