package io.datarun.gateway.failure;

import java.util.List;

/** Records or typed values that break their rules; nothing of them was published. */
public final class ValidationFailed extends DomainFailure {
    public static final String CODE = "validation-failed";

    public ValidationFailed(String detail, List<FieldError> errors) {
        super(FailureKind.UNPROCESSABLE, CODE, detail, errors);
    }
}
