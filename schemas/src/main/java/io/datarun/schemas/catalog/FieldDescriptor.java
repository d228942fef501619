package io.datarun.schemas.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * One field of a dataset as the catalog shows it: its classification, the constraint it is
 * checked against at the door, and its labels for people.
 */
public record FieldDescriptor(
        String name,
        Classification classification,
        Optional<String> constraint,
        Map<String, String> labels,
        String doc,
        Schema.Field field) {

    /** True when the schema allows the field to be absent (a union with null). */
    public boolean optional() {
        Schema schema = field.schema();
        if (schema.getType() != Schema.Type.UNION) {
            return false;
        }
        for (Schema branch : schema.getTypes()) { // a loop, not a stream: asked for every field of every record
            if (branch.getType() == Schema.Type.NULL) {
                return true;
            }
        }
        return false;
    }

    /** True when a record must carry a value: neither optional nor defaulted by the schema. */
    public boolean required() {
        return !optional() && !field.hasDefaultValue();
    }

    /**
     * For an enum field, each symbol's labels for people by language tag ({@code "datarun.symbolLabels"}
     * on the enum type, e.g. MARRIED → {zh-CN: 已婚, en: Married}), in symbol order; empty otherwise.
     */
    public Map<String, Map<String, String>> symbolLabels() {
        Schema schema = valueSchema();
        if (schema.getType() != Schema.Type.ENUM || !(schema.getObjectProp("datarun.symbolLabels") instanceof Map<?, ?> all)) {
            return Map.of();
        }
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String symbol : schema.getEnumSymbols()) {
            Map<String, String> symbolLabels = SchemaProps.toLabels(all.get(symbol));
            if (!symbolLabels.isEmpty()) {
                labels.put(symbol, symbolLabels);
            }
        }
        return java.util.Collections.unmodifiableMap(labels);
    }

    /** The field's schema without the null branch of an optional union. */
    public Schema valueSchema() {
        Schema schema = field.schema();
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema branch : schema.getTypes()) { // as optional(): once per field of every record
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        return schema;
    }
}
