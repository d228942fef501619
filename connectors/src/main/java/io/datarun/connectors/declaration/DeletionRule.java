package io.datarun.connectors.declaration;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a source says a row is deleted (declaration key {@code deleted: {column, values}}): a
 * soft-delete column of a table, a deleted flag of an HTTP item, a status column of a file. A row
 * whose column holds one of {@code values} (compared as trimmed text, case-insensitive) becomes a
 * tombstone for its subject instead of a record; the source must still move its watermark or
 * change time when it marks the row, or the connector never sees the change.
 */
public record DeletionRule(String column, Set<String> values) {
    /** Flags that mean "deleted" when a declaration names the column but no values. */
    public static final Set<String> DEFAULT_VALUES = Set.of("1", "true", "y", "yes", "deleted", "是");

    public DeletionRule {
        values = values.stream().map(v -> v.strip().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether the row is marked deleted; column names compare case-insensitively, as in mappings. */
    public boolean deletes(Map<String, Object> row) {
        Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        columns.putAll(row);
        Object value = columns.get(column);
        return value != null && values.contains(value.toString().strip().toLowerCase(java.util.Locale.ROOT));
    }
}
