package io.datarun.gateway.api;

import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.failure.DomainFailure;
import io.datarun.gateway.failure.FailureKind;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.TokenWithoutDepartment;
import io.datarun.gateway.failure.TokenWithoutResident;
import io.datarun.gateway.failure.Unavailable;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to problem+json in one place. Expected failures keep their status; anything
 * unexpected becomes a 500 whose trace id is logged with the stack trace and returned to the caller.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** What a 503 asks the caller to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final AuditTrail audit;
    private final Instance<JsonWebToken> token;

    public ProblemMapper(AuditTrail audit, Instance<JsonWebToken> token) {
        this.audit = audit;
        this.token = token;
    }

    /** A domain failure: its kind decides the status, its code and fields are answered as they are. */
    @ServerExceptionMapper
    public Response problem(DomainFailure e, UriInfo uri, Request request, HttpHeaders headers) {
        if (e instanceof TokenWithoutDepartment || e instanceof TokenWithoutResident) {
            refused(request, uri, AuditOutcome.refused(e.code()), true);
        }
        Locale locale = locale(headers);
        Response response = respond(locale, status(e.kind()), e.code(),
                ProblemTexts.title(locale, e.kind().name(), title(e.kind())), e.detail(), uri, e.errors());
        if (e instanceof io.datarun.gateway.failure.QuotaExceeded quota) {
            return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, quota.retryAfterSeconds()).build();
        }
        if (e.kind() != FailureKind.UNAVAILABLE) {
            return response;
        }
        Metrics.counter("datarun.read.unavailable", "code", e.code()).increment();
        return retryLater(response);
    }

    /**
     * Kafka not answering in time where no domain code caught it (a change-feed page, a grant
     * write): the request changed nothing and may be retried, so it is a 503, not a 500.
     */
    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaException e, UriInfo uri, HttpHeaders headers) {
        LOG.warnf("kafka unavailable path=%s error=%s", LogPaths.redact(uri.getPath()), e.getMessage());
        return problem(new Unavailable(Unavailable.Part.KAFKA), uri, null, headers);
    }

    private static Response retryLater(Response response) {
        return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    /** The one place a failure kind becomes an HTTP status. */
    static int status(FailureKind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case REFUSED -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case STALE -> 412;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case EXHAUSTED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    private static String title(FailureKind kind) {
        return switch (kind) {
            case INVALID -> "Bad request";
            case REFUSED -> "Access denied";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case STALE -> "Precondition Failed";
            case TOO_LARGE -> "Payload too large";
            case UNPROCESSABLE -> "Unprocessable content";
            case EXHAUSTED -> "Too many requests";
            case UNAVAILABLE -> "Service unavailable";
        };
    }

    /**
     * Refusals that happen before any service runs (no or bad token, a role the endpoint does not
     * take, a token without department) go to the audit trail without waiting for it
     * ({@link AuditTrail#offerRefusal}). The user is named only when the token was verified.
     */
    private void refused(Request request, UriInfo uri, AuditOutcome outcome, boolean verified) {
        String user = null;
        String department = null;
        if (verified && token.isResolvable()) {
            JsonWebToken jwt = token.get();
            user = jwt.getSubject();
            department = jwt.getClaim("dept") instanceof String dept ? dept : null;
        }
        audit.offerRefusal(AuditEntry.anonymous(AuditAction.REQUEST, user, department, outcome,
                request.getMethod() + " " + uri.getPath()));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, Request request, HttpHeaders headers) {
        refused(request, uri, AuditOutcome.refused("unauthorized"), false);
        // never echo why a token failed in detail: it helps attackers more than callers
        Locale locale = locale(headers);
        Response response = respond(locale, 401, "unauthorized", ProblemTexts.title(locale, "unauthorized", "Authentication required"),
                "A valid bearer token is required: send 'Authorization: Bearer <JWT>' from the configured issuer.",
                uri, List.of());
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, Request request, HttpHeaders headers) {
        refused(request, uri, AuditOutcome.refused("role-required"), true);
        Locale locale = locale(headers);
        return respond(locale, 403, "role-required", ProblemTexts.title(locale, "REFUSED", "Access denied"),
                "Your token does not carry a role that may call this endpoint.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return malformed(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response malformed(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        Locale locale = locale(headers);
        String title = ProblemTexts.title(locale, "INVALID", "Bad request");
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return respond(locale, 400, "unknown-property", title, "The body has a property this endpoint does not take.",
                    uri, List.of(new FieldError(unknown.getPropertyName(), "unknown-property",
                            "is not accepted here")));
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            return respond(locale, 400, "wrong-type", title, "A property of the body has the wrong JSON type" + where + ".",
                    uri, List.of(new FieldError(field, "wrong-type", "has the wrong JSON type")));
        }
        return respond(locale, 400, "malformed-json", title, "The body is not valid JSON" + where + ".", uri, List.of());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, HttpHeaders headers) {
        Locale locale = locale(headers);
        return respond(locale, 404, "not-found", ProblemTexts.title(locale, "NOT_FOUND", "Not found"), "No such resource.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri, HttpHeaders headers) {
        return respond(locale(headers), 405, "method-not-allowed", "Method not allowed", "This resource does not accept that method.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        // Quarkus REST wraps a JSON parse failure of the body in a plain 400
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return malformed(json, uri, headers);
            }
        }
        return respond(locale(headers), status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                "The request could not be processed.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String traceId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure path=%s traceId=%s", LogPaths.redact(uri.getPath()), traceId);
        Locale locale = locale(headers);
        return build(locale, new Problem(Problem.typeOf("internal-error"), ProblemTexts.title(locale, "internal", "Internal error"), 500,
                ProblemTexts.detail(locale, "internal-error", "An unexpected error occurred; quote the trace id when reporting it."),
                uri.getPath(), "internal-error", traceId, List.of()));
    }

    /** The answer's language from Accept-Language: zh-CN or English (ProblemTexts). */
    private static Locale locale(HttpHeaders headers) {
        if (headers == null) {
            return Locale.ENGLISH;
        }
        try {
            return ProblemTexts.choose(headers.getAcceptableLanguages());
        } catch (RuntimeException malformedHeader) {
            return Locale.ENGLISH;
        }
    }

    private static Response respond(Locale locale, int status, String code, String title, String detail, UriInfo uri,
            List<FieldError> errors) {
        return build(locale, new Problem(Problem.typeOf(code), title, status, ProblemTexts.detail(locale, code, detail),
                uri.getPath(), code, null, ProblemTexts.errors(locale, errors)));
    }

    private static Response build(Locale locale, Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag()).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
                .build();
    }
}
