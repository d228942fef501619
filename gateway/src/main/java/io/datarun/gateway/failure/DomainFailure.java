package io.datarun.gateway.failure;

import java.util.List;

/**
 * An expected failure of a domain operation. Each subclass is one failure with its stable
 * {@linkplain #code() code} (documented in docs/api.md); it says nothing of HTTP: the API maps the
 * {@linkplain #kind() kind} to a status in one place. No stack trace is captured: these are answers,
 * not bugs.
 */
public abstract class DomainFailure extends RuntimeException {
    private final FailureKind kind;
    private final String code;
    private final List<FieldError> errors;

    protected DomainFailure(FailureKind kind, String code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    protected DomainFailure(FailureKind kind, String code, String detail) {
        this(kind, code, detail, List.of());
    }

    public FailureKind kind() {
        return kind;
    }

    /** The stable, documented code ({@code no-grant}, {@code dataset-not-found}, ...). */
    public String code() {
        return code;
    }

    /** A sentence for people. */
    public String detail() {
        return getMessage();
    }

    /** The failing input fields, if the failure is about input. */
    public List<FieldError> errors() {
        return errors;
    }
}
