package io.datarun.gateway.api;

import io.datarun.gateway.limits.KeyedHash;
import io.datarun.gateway.limits.RequestBudgets;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Answers 429 with Retry-After when a caller exceeds its request budget on {@code /api}
 * ({@link RequestBudgets}). An authenticated request spends the budget of its user ({@code sub} and
 * department), so minting tokens buys nothing. A request that fails authentication spends the
 * budget of its client address; once that is used up, the address is refused before its tokens'
 * signatures are checked. The client address is the connection's, or the one a trusted proxy
 * forwards ({@code quarkus.http.proxy.*}, docs/security.md).
 */
@ApplicationScoped
public class RateLimitFilter {
    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);
    private final RequestBudgets budgets;
    private final CurrentIdentityAssociation identities;

    public RateLimitFilter(RequestBudgets budgets, CurrentIdentityAssociation identities) {
        this.budgets = budgets;
        this.identities = identities;
    }

    /** Before matching and authentication: an address that has spent its budget on failures is cut off. */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limitAddress(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        long retryAfter = budgets.addresses().peekRetryAfterSeconds(address(request));
        return retryAfter == 0 ? Optional.empty() : Optional.of(limited("address", address(request), path, retryAfter));
    }

    /** After authentication: the user's own budget, whichever token it came with. */
    @ServerRequestFilter
    public Uni<Response> limitCaller(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().onItemOrFailure().transform((identity, failure) -> {
            if (failure != null || identity == null || identity.isAnonymous()) {
                return null; // the endpoint's own check answers 401, and the address pays for it below
            }
            String key = RequestBudgets.callerKey(department(identity), identity.getPrincipal().getName());
            long retryAfter = budgets.callers().retryAfterSeconds(key);
            return retryAfter == 0 ? null : limited("caller", key, path, retryAfter);
        });
    }

    /** A failed authentication spends one unit of the client address's budget. */
    @ServerResponseFilter
    public void chargeAddress(ContainerRequestContext context, ContainerResponseContext response, HttpServerRequest request) {
        if (response.getStatus() == 401 && context.getUriInfo().getPath().startsWith("/api/")) {
            budgets.addresses().retryAfterSeconds(address(request));
        }
    }

    private static String department(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getClaim("dept") instanceof String dept
                ? dept : "";
    }

    private static String address(HttpServerRequest request) {
        return RequestBudgets.addressKey(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
    }

    private static Response limited(String kind, String key, String path, long retryAfter) {
        // the key names a user (possibly a resident) or an address: logged as a keyed hash only
        LOG.warnf("rate limited by=%s key=%s path=%s retryAfter=%ds", kind, KeyedHash.of(key), LogPaths.redact(path),
                retryAfter);
        return Response.status(429).type(Problem.MEDIA_TYPE)
                .header("Retry-After", String.valueOf(retryAfter))
                .entity(new Problem(Problem.typeOf("rate-limited"), "Too many requests", 429,
                        "Request budget exceeded; retry after " + retryAfter + " s.", path, "rate-limited", null,
                        List.of()))
                .build();
    }
}
