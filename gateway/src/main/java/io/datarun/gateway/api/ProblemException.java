package io.datarun.gateway.api;

import java.util.List;

/**
 * The one exception type for an expected failure: it carries everything the problem+json answer
 * needs, so resources throw and {@link ProblemMapper} answers, in one place.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String code, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One failing input field: where, which rule, and a message for people. */
    public record FieldError(String field, String code, String message) {
    }
}
