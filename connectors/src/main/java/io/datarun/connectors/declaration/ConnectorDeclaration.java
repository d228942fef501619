package io.datarun.connectors.declaration;

import io.datarun.schemas.catalog.DatasetDescriptor;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One connector as declared in its YAML file, checked against its dataset's schema. */
public record ConnectorDeclaration(
        Path file,
        String name,
        DatasetDescriptor dataset,
        SourceDeclaration source,
        List<FieldMapping> mapping,
        Optional<DeletionRule> deletion) {

    public ConnectorDeclaration {
        mapping = List.copyOf(mapping);
    }

    /** A declaration whose source never deletes. */
    public ConnectorDeclaration(Path file, String name, DatasetDescriptor dataset, SourceDeclaration source,
            List<FieldMapping> mapping) {
        this(file, name, dataset, source, mapping, Optional.empty());
    }

    /** The relational source; fails for connectors of another kind. */
    public JdbcSource jdbc() {
        if (source instanceof JdbcSource jdbc) {
            return jdbc;
        }
        throw new IllegalStateException("connector " + name + " reads a '" + source.kind() + "' source, not 'jdbc'");
    }

    /** Every column the connector reads: the mapped ones (and for JDBC the watermark), in a stable order. */
    public Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        if (source instanceof JdbcSource jdbc) {
            columns.add(jdbc.keyColumn());
            columns.add(jdbc.watermarkColumn());
        }
        mapping.stream().filter(FieldMapping::readsColumn).forEach(m -> columns.add(m.column()));
        deletion.ifPresent(rule -> columns.add(rule.column()));
        return columns;
    }

    /** The source column holding the subject id (the dataset's subject field). */
    public String subjectColumn() {
        return mapping.stream().filter(m -> m.field().equals(dataset.subjectField()))
                .map(FieldMapping::column).findFirst().orElseThrow();
    }
}
