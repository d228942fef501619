package io.datarun.gateway.api;

import io.datarun.gateway.access.Caller;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.SubjectIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one subject across datasets by doing, for each dataset of the subject's type, exactly the
 * read {@link RecordReadService} does (grant, purpose, divisions, audit) — so this view can never
 * show more than the single-dataset reads would.
 */
@ApplicationScoped
public class SubjectReadService {
    private final SchemaRegistry registry;
    private final RecordReadService reads;

    public SubjectReadService(SchemaRegistry registry, RecordReadService reads) {
        this.registry = registry;
        this.reads = reads;
    }

    public SubjectView read(Caller caller, String subjectId, String purpose, Set<String> onlyDatasets) {
        for (String id : onlyDatasets) {
            if (!registry.contains(id)) {
                throw Problems.notFound("dataset-not-found", "No dataset '" + id + "'; GET /api/v1/datasets lists them.");
            }
        }
        List<DatasetDescriptor> candidates = registry.latestOfEach().stream()
                .filter(d -> onlyDatasets.isEmpty() || onlyDatasets.contains(d.id()))
                .filter(d -> SubjectIds.problem(d.subjectType(), subjectId).isEmpty())
                .toList();
        if (candidates.isEmpty()) {
            throw Problems.badRequest("invalid-subject-id", "The subject id is no valid identifier of any dataset's subjects.",
                    List.of(new ProblemException.FieldError("subjectId", "invalid", "is not a resident ID number, "
                            + "a unified social credit code or a household number of the chosen datasets")));
        }
        List<RecordView> records = new ArrayList<>();
        List<String> notGranted = new ArrayList<>();
        for (DatasetDescriptor dataset : candidates) {
            try {
                records.add(reads.read(caller, dataset.id(), subjectId, purpose));
            } catch (ProblemException e) {
                switch (e.code()) {
                    case "no-grant" -> notGranted.add(dataset.id());
                    case "record-not-found" -> {
                        // nothing the caller may see there: not listed, so existence does not leak
                    }
                    default -> throw e; // purpose missing or unknown, stores not ready: the whole read fails
                }
            }
        }
        if (records.isEmpty() && notGranted.size() == candidates.size()) {
            throw Problems.forbidden("no-grant", "Department '" + caller.department()
                    + "' holds no grant for purpose '" + purpose + "' on any dataset of this subject's type.");
        }
        return new SubjectView(subjectId, purpose, records, notGranted);
    }
}
