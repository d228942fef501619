package io.datarun.gateway.api;

import io.datarun.gateway.api.Problem;
import io.datarun.gateway.limits.RateLimiter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 429 with Retry-After when a caller exceeds its request budget on {@code /api}. Runs
 * before matching and authentication, so a flood of forged tokens is cut off before their
 * signatures are checked: the caller is keyed by a hash of its bearer token, or by its address.
 */
@ApplicationScoped
public class RateLimitFilter {
    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);
    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        String caller = callerKey(context.getHeaderString(HttpHeaders.AUTHORIZATION), request);
        long retryAfter = limiter.retryAfterSeconds(caller);
        if (retryAfter == 0) {
            return Optional.empty();
        }
        LOG.warnf("rate limited caller=%s path=%s retryAfter=%ds", caller, path, retryAfter);
        return Optional.of(Response.status(429).type(Problem.MEDIA_TYPE)
                .header("Retry-After", String.valueOf(retryAfter))
                .entity(new Problem(Problem.typeOf("rate-limited"), "Too many requests", 429,
                        "Request budget exceeded; retry after " + retryAfter + " s.", path, "rate-limited", null,
                        List.of()))
                .build());
    }

    private static String callerKey(String authorization, HttpServerRequest request) {
        if (authorization == null || authorization.isBlank()) {
            return "addr:" + (request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(authorization.getBytes(StandardCharsets.UTF_8));
            return "token:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
