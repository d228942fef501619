package io.datarun.gateway.store;

import java.util.Objects;

/**
 * A field of a dataset whose records are looked up by its value (a household number), so the
 * serving stores keep an index of subjects by it ({@link FieldIndex}) instead of a lookup scanning
 * every record. Declared by the domain that needs it ({@link TopologyPart#indexedFields}).
 */
public record IndexedField(String datasetId, String field) {
    public IndexedField {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(field, "field");
    }
}
