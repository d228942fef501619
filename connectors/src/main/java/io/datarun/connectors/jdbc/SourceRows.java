package io.datarun.connectors.jdbc;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.FieldMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the columns of one source row as the declaration names them. Drivers differ in the case
 * of column labels (H2 upper-cases unquoted names, PostgreSQL lower-cases them), so lookups are
 * case-insensitive.
 */
public final class SourceRows {
    private final String watermarkColumn;
    private final String keyColumn;
    private final List<FieldMapping> mapping;
    private final List<String> columns;

    public SourceRows(String watermarkColumn, String keyColumn, List<FieldMapping> mapping, List<String> columns) {
        this.watermarkColumn = watermarkColumn;
        this.keyColumn = keyColumn;
        this.mapping = List.copyOf(mapping);
        this.columns = List.copyOf(columns);
    }

    public static SourceRows of(ConnectorDeclaration declaration) {
        return new SourceRows(declaration.jdbc().watermarkColumn(), declaration.jdbc().keyColumn(),
                declaration.mapping(), List.copyOf(declaration.columns()));
    }

    public SourcePosition position(Map<String, Object> row) {
        Map<String, Object> columns = caseInsensitive(row);
        return SourcePosition.of(columns.get(watermarkColumn), columns.get(keyColumn));
    }

    public Object key(Map<String, Object> row) {
        return caseInsensitive(row).get(keyColumn);
    }

    /** Schema field name to the value the record assembler takes (codes applied, text trimmed). */
    public Map<String, Object> fields(Map<String, Object> row) {
        Map<String, Object> columns = caseInsensitive(row);
        Map<String, Object> fields = new LinkedHashMap<>();
        mapping.forEach(m -> fields.put(m.field(), m.apply(m.readsColumn() ? columns.get(m.column()) : null)));
        return fields;
    }

    /** Column name (as declared) to the value as text, for dead letters: what the source really held. */
    public Map<String, String> text(Map<String, Object> row) {
        Map<String, Object> values = caseInsensitive(row);
        Map<String, String> text = new LinkedHashMap<>();
        columns.forEach(column -> {
            Object value = values.get(column);
            text.put(column, value == null ? null : value.toString());
        });
        return text;
    }

    /**
     * The row with case-insensitive column lookups; a row that already is one (as a first load's cursor
     * gives them, or one this returned) is used as it is, so a row is copied at most once.
     */
    public static Map<String, Object> caseInsensitive(Map<String, Object> row) {
        if (row instanceof ColumnRow
                || row instanceof TreeMap<String, Object> tree && tree.comparator() == String.CASE_INSENSITIVE_ORDER) {
            return row;
        }
        Map<String, Object> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        columns.putAll(row);
        return columns;
    }
}
