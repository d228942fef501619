package io.datarun.gateway.failure;

import java.util.List;

/** A form prefill or submission that names no subject. */
public final class SubjectRequired extends DomainFailure {
    public static final String CODE = "subject-required";

    public SubjectRequired() {
        super(FailureKind.INVALID, CODE, "Name the resident: add ?subject=<resident ID number>.", List.of(FieldError.required("subject")));
    }
}
