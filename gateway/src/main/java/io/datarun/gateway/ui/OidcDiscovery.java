package io.datarun.gateway.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads an OIDC provider's discovery document and checks it names the expected issuer. */
public class OidcDiscovery {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http;
    private final ObjectMapper json;

    public OidcDiscovery(ObjectMapper json) {
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.json = json;
    }

    /** The document's endpoints for the UI's public client; a {@link DiscoveryException} says what is wrong. */
    public UiSettings.Oidc discover(URI document, String expectedIssuer, String clientId, String scope) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(document).timeout(TIMEOUT).header("Accept", "application/json").GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DiscoveryException("cannot read the OIDC discovery document " + document + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted reading " + document);
        }
        if (response.statusCode() != 200) {
            throw new DiscoveryException("the OIDC discovery document " + document + " answered " + response.statusCode());
        }
        JsonNode doc;
        try {
            doc = json.readTree(response.body());
        } catch (IOException e) {
            throw new DiscoveryException("the OIDC discovery document " + document + " is not JSON: " + e.getMessage());
        }
        String issuer = doc.path("issuer").asText("");
        // tokens from another issuer would be refused by the gateway: say so now, not at the first API call
        if (!issuer.equals(expectedIssuer)) {
            throw new DiscoveryException("the OIDC discovery document " + document + " names issuer '" + issuer
                    + "' but the gateway verifies tokens of '" + expectedIssuer + "' (mp.jwt.verify.issuer)");
        }
        return new UiSettings.Oidc(issuer, clientId, scope, required(doc, "authorization_endpoint", document),
                required(doc, "token_endpoint", document), doc.path("end_session_endpoint").asText(null));
    }

    private static String required(JsonNode doc, String name, URI document) {
        String value = doc.path(name).asText("");
        if (value.isBlank()) {
            throw new DiscoveryException("the OIDC discovery document " + document + " has no " + name);
        }
        return value;
    }

    /** The provider's discovery document cannot be used; the message says why. */
    public static final class DiscoveryException extends RuntimeException {
        public DiscoveryException(String message) {
            super(message);
        }
    }
}
