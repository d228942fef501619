package io.datarun.gateway.failure;

import java.util.List;

/** A read that names no purpose. */
public final class PurposeRequired extends DomainFailure {
    public static final String CODE = "purpose-required";

    public PurposeRequired() {
        super(FailureKind.INVALID, CODE, "Every read names its purpose: add ?purpose=<code>.", List.of(FieldError.required("purpose")));
    }
}
