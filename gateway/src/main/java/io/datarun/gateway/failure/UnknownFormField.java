package io.datarun.gateway.failure;

import java.util.List;

/** A submission naming fields the form does not have. */
public final class UnknownFormField extends DomainFailure {
    public static final String CODE = "unknown-form-field";

    public UnknownFormField(String detail, List<FieldError> errors) {
        super(FailureKind.INVALID, CODE, detail, errors);
    }
}
