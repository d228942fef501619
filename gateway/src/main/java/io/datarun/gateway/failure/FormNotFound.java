package io.datarun.gateway.failure;

import java.util.List;

/** No form of that id. */
public final class FormNotFound extends DomainFailure {
    public static final String CODE = "form-not-found";

    public FormNotFound(String formId) {
        super(FailureKind.NOT_FOUND, CODE, "No form '" + formId + "'; GET /api/v1/forms lists them.", List.of());
    }
}
