package io.datarun.gateway.api;

import io.datarun.gateway.audit.RequestId;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Takes the caller's {@code X-Request-Id} (or makes one), puts it into every log line of the request
 * (MDC key {@code requestId}, shown by the console format and as a field of JSON logs) and returns it
 * on every API answer, so a caller's complaint, the log and the audit event meet on one id.
 */
public class RequestIdFilter {
    /** The log context key of the request id. */
    static final String MDC_KEY = "requestId";
    private final RequestId requestId;

    public RequestIdFilter(RequestId requestId) {
        this.requestId = requestId;
    }

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        requestId.offer(request.getHeaderString(RequestId.HEADER));
        MDC.put(MDC_KEY, requestId.value());
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        response.getHeaders().putSingle(RequestId.HEADER, requestId.value());
        MDC.remove(MDC_KEY);
    }
}
