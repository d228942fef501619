package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a source says a row is deleted (declaration key {@code deleted: {column, values}}, or just
 * {@code deleted: <column>}): a soft-delete column of a table, a deleted flag of an HTTP item, a
 * status column of a file. A row whose column holds one of {@code values} (trimmed,
 * case-insensitive) becomes a tombstone for its subject instead of a record; the source must still
 * move its watermark or change time when it marks the row, or the connector never sees the change.
 */
@Option.Shorthand("column")
public record DeletionRule(
        @Option(description = "the column (or item field) that marks a row deleted")
        String column,
        @Option(defaultValue = "1,true,y,yes,deleted,是", description = "the values that mean deleted, comma-separated")
        String values) {

    public DeletionRule {
        if (flags(values).isEmpty()) {
            throw new InvalidOption("values", "expected at least one value that marks a row deleted, e.g. \"1,Y\"");
        }
    }

    private static Set<String> flags(String values) {
        return Arrays.stream(values.split(",")).map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the row is marked deleted; column names compare case-insensitively, as in mappings. */
    public boolean deletes(Map<String, Object> row) {
        Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        columns.putAll(row);
        Object value = columns.get(column);
        return value != null && flags(values).contains(value.toString().strip().toLowerCase(Locale.ROOT));
    }
}
