package io.datarun.gateway.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * {@code datarun.gateway.ui.*}: how the clerk web UI signs in. The OIDC provider is the token issuer
 * the gateway already verifies ({@code mp.jwt.verify.issuer}); only the public client is named here.
 */
@ConfigMapping(prefix = "datarun.gateway.ui")
public interface UiConfig {

    /**
     * Client id of the provider's public client the UI signs in through (authorization code with
     * PKCE, no secret); empty: no OIDC sign-in.
     */
    Optional<String> oidcClientId();

    /**
     * Where the gateway reads the provider's discovery document; by default
     * {@code <issuer>/.well-known/openid-configuration}. Set it when the gateway reaches the provider
     * by another address than the browsers do.
     */
    Optional<URI> oidcDiscoveryUrl();

    /** Scopes the UI asks for. */
    @WithDefault("openid")
    String oidcScope();
}
