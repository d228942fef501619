package io.datarun.gateway.failure;

/** One failing input field: where, which rule, and a message for people. */
public record FieldError(String field, String code, String message) {

    /** The usual "this field is required" error. */
    public static FieldError required(String field) {
        return new FieldError(field, "required", "is required");
    }
}
