package io.datarun.gateway.failure;

import java.util.List;

/** A dataset of that id is already registered: a new version goes to {@code /versions}. */
public final class DatasetExists extends DomainFailure {
    public static final String CODE = "dataset-exists";

    public DatasetExists(String datasetId) {
        super(FailureKind.CONFLICT, CODE, "Dataset " + datasetId + " exists already; register a new version of it at "
                + "/api/v1/datasets/" + datasetId + "/versions.", List.of());
    }
}
