package io.datarun.gateway.reads;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidSubjectId;
import io.datarun.gateway.failure.NoGrant;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.SubjectIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one subject across datasets by doing, for each dataset of the subject's type, exactly the
 * read {@link RecordReadService} does (grant, purpose, divisions, audit) — so this view can never
 * show more than the single-dataset reads would.
 */
@ApplicationScoped
public class SubjectReadService {
    private final SchemaRegistry registry;
    private final Guards guards;
    private final RecordReadService reads;

    public SubjectReadService(SchemaRegistry registry, Guards guards, RecordReadService reads) {
        this.registry = registry;
        this.guards = guards;
        this.reads = reads;
    }

    public SubjectView read(Caller caller, String subjectId, String purpose, Set<String> onlyDatasets) {
        onlyDatasets.forEach(guards::dataset);
        List<DatasetDescriptor> candidates = registry.latestOfEach().stream()
                .filter(d -> onlyDatasets.isEmpty() || onlyDatasets.contains(d.id()))
                .filter(d -> SubjectIds.problem(d.subjectType(), subjectId).isEmpty())
                .toList();
        if (candidates.isEmpty()) {
            throw new InvalidSubjectId("The subject id is no valid identifier of any dataset's subjects.",
                    new FieldError("subjectId", "invalid", "is not a resident ID number, "
                            + "a unified social credit code or a household number of the chosen datasets"));
        }
        List<RecordView> records = new ArrayList<>();
        List<String> notGranted = new ArrayList<>();
        // purpose missing or unknown, stores or audit unavailable: thrown, the whole read fails
        Map<String, ReadOutcome> outcomes = reads.attemptAll(caller,
                candidates.stream().map(DatasetDescriptor::id).toList(), subjectId, purpose);
        for (DatasetDescriptor dataset : candidates) {
            ReadOutcome outcome = outcomes.get(dataset.id());
            if (outcome instanceof ReadOutcome.Served served) {
                records.add(served.view());
            } else if (outcome instanceof ReadOutcome.Refused) {
                notGranted.add(dataset.id());
            }
            // NotFound: nothing the caller may see there; not listed, so existence does not leak
        }
        if (records.isEmpty() && notGranted.size() == candidates.size()) {
            throw new NoGrant("Department '" + caller.department() + "' holds no grant for purpose '" + purpose
                    + "' on any dataset of this subject's type.");
        }
        return new SubjectView(subjectId, purpose, records, notGranted);
    }
}
