package io.datarun.gateway.api;

import java.util.List;

/** Factories for the problems the API answers with; the codes are stable and documented in docs/api.md. */
public final class Problems {
    private Problems() {
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Authentication required", detail, List.of());
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, "Access denied", detail, List.of());
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail, List.of());
    }

    public static ProblemException badRequest(String code, String detail, List<ProblemException.FieldError> errors) {
        return new ProblemException(400, code, "Bad request", detail, errors);
    }

    public static ProblemException unavailable(String code, String detail) {
        return new ProblemException(503, code, "Service unavailable", detail, List.of());
    }
}
