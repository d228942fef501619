package io.datarun.connectors.declaration;

import io.datarun.schemas.catalog.DatasetDescriptor;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One connector as declared in its YAML file, checked against its dataset's schema. */
public record ConnectorDeclaration(
        Path file,
        String name,
        DatasetDescriptor dataset,
        JdbcSource source,
        List<FieldMapping> mapping) {

    public ConnectorDeclaration {
        mapping = List.copyOf(mapping);
    }

    /** Every column the connector reads: the mapped ones and the watermark, in a stable order. */
    public Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(source.keyColumn());
        columns.add(source.watermarkColumn());
        mapping.forEach(m -> columns.add(m.column()));
        return columns;
    }

    /** The source column holding the subject id (the dataset's subject field). */
    public String subjectColumn() {
        return mapping.stream().filter(m -> m.field().equals(dataset.subjectField()))
                .map(FieldMapping::column).findFirst().orElseThrow();
    }
}
