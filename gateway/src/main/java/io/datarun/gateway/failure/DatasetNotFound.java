package io.datarun.gateway.failure;

import java.util.List;

/** No dataset of that id. */
public final class DatasetNotFound extends DomainFailure {
    public static final String CODE = "dataset-not-found";

    public DatasetNotFound(String datasetId) {
        super(FailureKind.NOT_FOUND, CODE, "No dataset '" + datasetId + "'; GET /api/v1/datasets lists them.", List.of());
    }
}
