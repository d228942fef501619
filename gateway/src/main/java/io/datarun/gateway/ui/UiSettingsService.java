package io.datarun.gateway.ui;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides how the UI signs in: the dev token paste when the gateway verifies the local dev issuer, OIDC
 * when a public client is configured. The provider's discovery document is read when first asked
 * for and kept an hour (a failure is retried after half a minute), so a provider that starts after
 * the gateway is picked up without a restart.
 */
public class UiSettingsService {
    /** The issuer of the DEV-ONLY tokens of {@code ./datarun token} (deploy/demo DevTokens.ISSUER). */
    public static final String DEV_ISSUER = "https://datarun.local/dev";
    static final Duration KEEP = Duration.ofHours(1);
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(UiSettingsService.class);

    private final String issuer;
    private final Optional<String> clientId;
    private final URI discoveryUrl;
    private final String scope;
    private final OidcDiscovery discovery;
    private final Clock clock;
    private UiSettings cached;
    private Instant cachedUntil = Instant.MIN;

    public UiSettingsService(String issuer, Optional<String> clientId, Optional<URI> discoveryUrl, String scope,
            OidcDiscovery discovery, Clock clock) {
        this.issuer = issuer;
        this.clientId = clientId.filter(id -> !id.isBlank());
        this.discoveryUrl = discoveryUrl.orElseGet(() -> URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration"));
        this.scope = scope;
        this.discovery = discovery;
        this.clock = clock;
    }

    public synchronized UiSettings settings() {
        boolean dev = DEV_ISSUER.equals(issuer);
        if (clientId.isEmpty()) {
            return new UiSettings(dev, null, null);
        }
        Instant now = clock.instant();
        if (now.isBefore(cachedUntil)) {
            return cached;
        }
        try {
            cached = new UiSettings(dev, discovery.discover(discoveryUrl, issuer, clientId.get(), scope), null);
            cachedUntil = now.plus(KEEP);
            LOG.infof("ui oidc sign-in issuer=%s client=%s authorization=%s", issuer, clientId.get(),
                    cached.oidc().authorizationEndpoint());
        } catch (OidcDiscovery.DiscoveryException e) {
            cached = new UiSettings(dev, null, e.getMessage());
            cachedUntil = now.plus(RETRY);
            LOG.warnf("ui oidc sign-in unavailable: %s", e.getMessage());
        }
        return cached;
    }
}
