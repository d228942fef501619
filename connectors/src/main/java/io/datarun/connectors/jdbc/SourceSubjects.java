package io.datarun.connectors.jdbc;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.FieldMapping;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Every subject id a JDBC source holds now, for a key comparison: one streaming read of the column
 * mapped to the dataset's subject field (its codes applied, as for records), into a {@link SubjectSet}.
 * Each id goes in as written (trimmed) and as the door normalizes it, so a subject is recognised
 * whichever way its record was keyed.
 */
public final class SourceSubjects {
    private SourceSubjects() {
    }

    public static SubjectSet read(Connection connection, ConnectorDeclaration declaration) throws SQLException {
        DatasetDescriptor dataset = declaration.dataset();
        FieldMapping subject = declaration.mapping().stream().filter(m -> m.field().equals(dataset.subjectField()))
                .findFirst().orElseThrow();
        String column = IncrementalQuery.checked(subject.column());
        String sql = "SELECT " + column + " FROM " + IncrementalQuery.relation(declaration.jdbc()) + " WHERE " + column
                + " IS NOT NULL";
        SubjectSet subjects = new SubjectSet();
        try (SnapshotCursor cursor = SnapshotCursor.open(connection, sql, List.of())) {
            for (Map<String, Object> row = cursor.next(); row != null; row = cursor.next()) {
                Object value = subject.apply(row.values().iterator().next());
                if (value == null || value.toString().isBlank()) {
                    continue;
                }
                String text = value.toString().strip();
                subjects.add(text);
                String normalized = SubjectIds.normalize(dataset.subjectType(), text);
                if (normalized != null && !normalized.equals(text)) {
                    subjects.add(normalized);
                }
            }
        }
        return subjects.seal();
    }
}
