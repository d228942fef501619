package io.datarun.gateway.ui;

/**
 * What the sign-in page needs to know, and nothing more: all of it is public (a public client has no
 * secret; the endpoints are in the provider's public discovery document).
 *
 * @param devTokenSignIn whether pasting a DEV-ONLY token can work: the gateway verifies the local dev issuer
 * @param oidc           the provider to sign in at, or null when none is configured
 * @param oidcProblem    why OIDC sign-in is unavailable right now (provider unreachable, wrong document), or null
 */
public record UiSettings(boolean devTokenSignIn, Oidc oidc, String oidcProblem) {

    /** An OIDC provider and the UI's public client there (authorization code flow with PKCE S256). */
    public record Oidc(String issuer, String clientId, String scope, String authorizationEndpoint,
            String tokenEndpoint, String endSessionEndpoint) {
    }
}
