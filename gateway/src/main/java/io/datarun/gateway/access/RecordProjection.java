package io.datarun.gateway.access;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Cuts a record down to the fields a decision allows, converting Avro values to JSON-friendly
 * ones. A record outside the caller's divisions projects to nothing at all, which callers answer
 * as "not found" so that its existence does not leak.
 */
public final class RecordProjection {
    private RecordProjection() {
    }

    /** Empty when no field of the record is visible to the caller. */
    public static Optional<Projected> project(DatasetDescriptor dataset, GenericRecord record, AccessDecision decision) {
        Optional<String> division = dataset.divisionField()
                .map(record::get)
                .map(Object::toString);
        Set<String> visible = decision.visibleFields(division);
        if (visible.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> withheld = new ArrayList<>();
        for (FieldDescriptor field : dataset.fields()) {
            if (visible.contains(field.name())) {
                fields.put(field.name(), jsonValue(record.get(field.name())));
            } else {
                withheld.add(field.name());
            }
        }
        return Optional.of(new Projected(fields, withheld));
    }

    static Object jsonValue(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        // Utf8, enum symbols, LocalDate and Instant all print as their ISO / symbol form
        return value.toString();
    }

    /** The visible part of one record. */
    public record Projected(Map<String, Object> fields, List<String> withheld) {
    }
}
