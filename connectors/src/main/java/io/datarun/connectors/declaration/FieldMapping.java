package io.datarun.connectors.declaration;

import java.util.Map;

/**
 * Where one schema field comes from: a source column, optionally translated through a code table
 * (source code to schema value, e.g. {@code "1" -> MALE}). Text is trimmed before lookup; a value
 * missing from the table passes through and the schema check decides.
 */
public record FieldMapping(String field, String column, Map<String, String> codes) {

    public FieldMapping {
        codes = Map.copyOf(codes);
    }

    /** The value to hand the record assembler for a source value. */
    public Object apply(Object sourceValue) {
        Object value = sourceValue instanceof CharSequence text ? text.toString().strip() : sourceValue;
        if (value == null || codes.isEmpty()) {
            return value;
        }
        String mapped = codes.get(value.toString().strip());
        return mapped != null ? mapped : value;
    }
}
