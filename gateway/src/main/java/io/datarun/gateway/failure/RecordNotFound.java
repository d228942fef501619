package io.datarun.gateway.failure;

import java.util.List;

/** No record of the subject that the caller may see (absent and out of reach are answered alike). */
public final class RecordNotFound extends DomainFailure {
    public static final String CODE = "record-not-found";

    public RecordNotFound(String detail) {
        super(FailureKind.NOT_FOUND, CODE, detail, List.of());
    }
}
