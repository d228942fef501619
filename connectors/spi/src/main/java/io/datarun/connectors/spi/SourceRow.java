package io.datarun.connectors.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source row: its values by column (the names the declaration's {@code mapping} uses) and where
 * it came from (shown in its dead letter and the record's {@code datarun.source-position} header).
 */
public record SourceRow(String position, Map<String, Object> columns) {
    public SourceRow {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns)); // values may be null
    }
}
