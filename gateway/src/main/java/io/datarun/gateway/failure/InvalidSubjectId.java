package io.datarun.gateway.failure;

import java.util.List;

/** A subject id that is not a valid identifier of its type (GB 11643, GB 32100, ...). */
public final class InvalidSubjectId extends DomainFailure {
    public static final String CODE = "invalid-subject-id";

    public InvalidSubjectId(String detail, FieldError error) {
        super(FailureKind.INVALID, CODE, detail, List.of(error));
    }
}
