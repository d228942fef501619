package io.datarun.connectors.declaration;

import java.util.Map;
import java.util.Optional;

/**
 * Where one schema field comes from: a source column, optionally translated through a code table
 * (source code to schema value, e.g. {@code "1" -> MALE}), or a constant the declaration gives. Text
 * is trimmed before lookup; a value missing from the table passes through and the schema check
 * decides.
 */
public record FieldMapping(String field, String column, Map<String, String> codes, Optional<String> constant) {

    public FieldMapping {
        codes = Map.copyOf(codes);
        if (column == null && constant.isEmpty()) {
            throw new IllegalArgumentException("field " + field + " maps neither a column nor a constant");
        }
    }

    /** A field read from a source column. */
    public FieldMapping(String field, String column, Map<String, String> codes) {
        this(field, column, codes, Optional.empty());
    }

    /** A field that takes the same value in every record. */
    public static FieldMapping constant(String field, String value) {
        return new FieldMapping(field, null, Map.of(), Optional.of(value));
    }

    /** Whether the field is read from a column of the row (not a constant). */
    public boolean readsColumn() {
        return constant.isEmpty();
    }

    /** The value to hand the record assembler for a source value. */
    public Object apply(Object sourceValue) {
        if (constant.isPresent()) {
            return constant.get();
        }
        Object value = sourceValue instanceof CharSequence text ? text.toString().strip() : sourceValue;
        if (value == null || codes.isEmpty()) {
            return value;
        }
        String mapped = codes.get(value.toString().strip());
        return mapped != null ? mapped : value;
    }
}
