package io.datarun.connectors.spi;

import io.datarun.schemas.validation.Violation;
import java.util.List;

/** A row of a committed batch that went to the dead-letter topic, with every failed constraint. */
public record RejectedRow(SourceRow row, List<Violation> violations) {
    public RejectedRow {
        violations = List.copyOf(violations);
    }
}
