package io.datarun.connectors.steward;

import java.util.List;

/**
 * Why a declaration sent through the API is not taken, as the problem+json answer gives it: the
 * status, a stable code, a title, and the failing fields (key path and reason).
 */
public final class Refusal extends RuntimeException {
    private final int status;
    private final String code;
    private final List<FieldError> errors;

    /** One failing field: its key path in the declaration and what is wrong there. */
    public record FieldError(String field, String message) {
        /** From a breach or reader message {@code key.path: why}. */
        static FieldError of(String text) {
            int colon = text.indexOf(": ");
            return colon < 0 ? new FieldError("", text) : new FieldError(text.substring(0, colon), text.substring(colon + 2));
        }
    }

    public Refusal(int status, String code, String title, List<FieldError> errors) {
        super(title);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
