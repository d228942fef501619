package io.datarun.schemas.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** Typed access to a schema's custom properties, failing with the file and key that are wrong. */
final class SchemaProps {
    private final Schema schema;
    private final String origin;

    SchemaProps(Schema schema, String origin) {
        this.schema = schema;
        this.origin = origin;
    }

    String requiredString(String key) {
        Object value = schema.getObjectProp(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(origin + ": missing or non-text property \"" + key + "\"");
        }
        return text;
    }

    int requiredInt(String key) {
        Object value = schema.getObjectProp(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(origin + ": missing or non-numeric property \"" + key + "\"");
        }
        return number.intValue();
    }

    Map<String, String> labels(String key) {
        return toLabels(schema.getObjectProp(key));
    }

    static Map<String, String> toLabels(Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        return Map.copyOf(labels);
    }
}
