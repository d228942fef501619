package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.position.Position;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a row the source marks deleted into a tombstone for its subject. Only the subject id is
 * checked at the door (the rest of a deleted row does not matter); an invalid one is dead-lettered
 * like any bad row, so rows seen = accepted (records and tombstones) + dead-lettered still holds.
 */
final class Deletions {
    private Deletions() {
    }

    /** The outcome of a row marked deleted, or empty when the row is not a deletion. */
    static Optional<Outcome> of(ConnectorDeclaration declaration, Position position, Map<String, Object> row,
            Map<String, Object> fields, Map<String, String> raw) {
        if (declaration.deletion().isEmpty() || !declaration.deletion().get().deletes(row)) {
            return Optional.empty();
        }
        DatasetDescriptor dataset = declaration.dataset();
        Object value = fields.get(dataset.subjectField());
        String subject = value == null ? null : value.toString().strip();
        Optional<String> problem = SubjectIds.problem(dataset.subjectType(), subject);
        if (problem.isPresent()) {
            return Optional.of(new Outcome.Rejected(position, raw, List.of(Violation.of(dataset.subjectField(), problem.get()))));
        }
        return Optional.of(new Outcome.Deleted(position, SubjectIds.normalize(dataset.subjectType(), subject)));
    }
}
