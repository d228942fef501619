package io.datarun.connectors.runtime;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The status endpoint ({@link ConnectorStatusResource}) checks the gateway issuer's tokens with its
 * public key. A runtime without that key (a lab runtime, a probe before the key's secret is mounted)
 * answers {@code /connectors} with {@code 503} problem+json saying so, to every caller and before any
 * token is read: Quarkus's token check itself would otherwise fail with {@code 500}. The key is looked
 * for on each request (the endpoint is an operator's, rarely called), so a key mounted later is used
 * without a restart. Health and metrics never need it.
 */
@ApplicationScoped
public class IssuerKeyFilter {
    static final String CODE = "issuer-key-missing";
    /** Above Quarkus's own HTTP filters (authentication reads the token): a higher priority runs first. */
    static final int PRIORITY = 10_000;

    void install(@Observes Filters filters) {
        filters.register(this::requireIssuerKey, PRIORITY);
    }

    void requireIssuerKey(RoutingContext request) {
        String path = request.normalizedPath();
        if (!(path.equals("/connectors") || path.startsWith("/connectors/")) || keyConfigured(ConfigProvider.getConfig())) {
            request.next();
            return;
        }
        request.response().setStatusCode(503).putHeader("Content-Type", Problems.PROBLEM_JSON)
                .end(new JsonObject(Problems.body(CODE, "The issuer's key is not configured", 503,
                        "This runtime has no public key of the gateway's token issuer, so it cannot check a token "
                                + "for the status endpoint: set DATARUN_JWT_PUBLIC_KEY (mp.jwt.verify.publickey.location) "
                                + "to the issuer's key (PEM or JWKS). Health and metrics answer without it.")).encode());
    }

    /** An inline key, a URL (JWKS, fetched by the token check), or a location that exists as a file or on the classpath. */
    static boolean keyConfigured(Config config) {
        // Quarkus's default for an unset inline key is the text NONE
        if (config.getOptionalValue("mp.jwt.verify.publickey", String.class)
                .filter(k -> !k.isBlank() && !k.equals("NONE")).isPresent()) {
            return true;
        }
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .or(() -> config.getOptionalValue("smallrye.jwt.verify.key.location", String.class))
                .map(String::strip).filter(l -> !l.isEmpty());
        return location.map(IssuerKeyFilter::exists).orElse(false);
    }

    private static boolean exists(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return true;
        }
        if (location.startsWith("classpath:")) {
            return onClasspath(location.substring("classpath:".length()));
        }
        String file = location.startsWith("file:") ? location.substring("file:".length()) : location;
        try {
            if (Files.isReadable(Path.of(file))) {
                return true;
            }
        } catch (InvalidPathException e) {
            return false;
        }
        return onClasspath(location);
    }

    private static boolean onClasspath(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        return Thread.currentThread().getContextClassLoader().getResource(name) != null;
    }
}
