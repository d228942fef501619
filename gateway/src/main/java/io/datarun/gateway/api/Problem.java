package io.datarun.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datarun.gateway.failure.FieldError;
import java.net.URI;
import java.util.List;

/**
 * RFC 9457 problem details, extended with a stable {@code code}, the failing {@code errors} and
 * the {@code traceId} that also appears in the log line of the failure.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String traceId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://datarun.io/problems/";

    public static URI typeOf(String code) {
        return URI.create(TYPE_BASE + code);
    }
}
