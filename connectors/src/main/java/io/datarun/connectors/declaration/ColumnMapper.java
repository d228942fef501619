package io.datarun.connectors.declaration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a declaration's mapping to a row of columns by name (file headers, custom source
 * columns): schema field to value, codes applied and text trimmed. Column names match without
 * regard to case or surrounding spaces.
 */
public final class ColumnMapper {
    private final List<FieldMapping> mapping;

    public ColumnMapper(List<FieldMapping> mapping) {
        this.mapping = List.copyOf(mapping);
    }

    public Map<String, Object> fields(Map<String, Object> row) {
        Map<String, Object> columns = normalized(row);
        Map<String, Object> fields = new LinkedHashMap<>();
        mapping.forEach(m -> fields.put(m.field(), m.apply(m.readsColumn() ? columns.get(m.column().strip()) : null)));
        return fields;
    }

    /** Every column of the row as text, for dead letters and reports: what the source really held. */
    public static Map<String, String> text(Map<String, Object> row) {
        Map<String, String> text = new LinkedHashMap<>();
        row.forEach((column, value) -> text.put(column, value == null ? null : value.toString()));
        return text;
    }

    /**
     * A column a source sets on a row it could not read at all, holding the reason in its own words
     * (never the source's content); the dead letter keeps it beside the mapped columns.
     */
    public static final String UNREADABLE = "datarun.unreadable";

    /**
     * The whole message of a source that could not split it into columns (a queue message that is not
     * a JSON object): the owner's own data as it was sent to datarun, kept in the dead letter so
     * nothing is lost; unlike a file's extra columns it cannot be something else picked up by mistake.
     */
    public static final String MESSAGE = "datarun.message";

    /** Columns a file source adds to every row of a file (its modification time, the date in its name). */
    public static final String FILE_COLUMN_PREFIX = "datarun.file.";

    /**
     * The columns the mapping names, as text: what a dead letter keeps. A source row may carry more
     * (a wide export, a file that is not what it seems); what is not mapped never enters Kafka.
     */
    public Map<String, String> mappedText(Map<String, Object> row) {
        Map<String, String> text = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            String name = column == null ? "" : column.strip();
            if (UNREADABLE.equals(name) || MESSAGE.equals(name) || mapping.stream().anyMatch(m -> m.readsColumn() && m.column().strip().equalsIgnoreCase(name))) {
                text.put(column, value == null ? null : value.toString());
            }
        });
        return text;
    }

    /** Mapped columns the header lacks: every row will miss those fields. */
    public List<String> missingColumns(java.util.Collection<String> header) {
        Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        header.forEach(h -> columns.put(h.strip(), h));
        return mapping.stream().filter(FieldMapping::readsColumn).map(FieldMapping::column)
                .filter(c -> !c.startsWith(FILE_COLUMN_PREFIX) && !columns.containsKey(c.strip())).distinct().toList();
    }

    private static Map<String, Object> normalized(Map<String, Object> row) {
        Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        row.forEach((k, v) -> columns.putIfAbsent(k == null ? "" : k.strip(), v));
        return columns;
    }
}
