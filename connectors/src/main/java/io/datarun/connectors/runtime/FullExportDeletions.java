package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which subjects a full export deletes: those this connector published whose key no row of the
 * export carries. A row counts as present when its subject id is valid, whatever else is wrong with
 * it (a resident whose row is dead-lettered for a bad date has not left the roll). The guard: when
 * more than {@code maxShare} of the published subjects would go (an empty, truncated or wrong file),
 * nothing is deleted and the decision says so.
 *
 * @param exportRows rows of the export
 * @param published subjects whose current record this connector published
 * @param missing the published subjects the export lacks, sorted
 * @param withheld true when the guard refused to delete them
 */
record FullExportDeletions(int exportRows, int published, List<String> missing, boolean withheld) {

    static FullExportDeletions decide(DatasetDescriptor dataset, ColumnMapper mapper, List<Map<String, Object>> rows,
            Set<String> published, double maxShare) {
        Set<String> present = new java.util.HashSet<>();
        for (Map<String, Object> row : rows) {
            Object value = mapper.fields(row).get(dataset.subjectField());
            String subject = value == null ? null : value.toString().strip();
            if (subject != null && SubjectIds.problem(dataset.subjectType(), subject).isEmpty()) {
                present.add(SubjectIds.normalize(dataset.subjectType(), subject));
            }
        }
        TreeSet<String> missing = new TreeSet<>(published);
        missing.removeAll(present);
        boolean withheld = !missing.isEmpty() && missing.size() > maxShare * published.size();
        return new FullExportDeletions(rows.size(), published.size(), List.copyOf(missing), withheld);
    }

    /** The share of the published subjects the export lacks, in percent. */
    double missingPercent() {
        return published == 0 ? 0 : 100.0 * missing.size() / published;
    }
}
