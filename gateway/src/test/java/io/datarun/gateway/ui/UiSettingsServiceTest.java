package io.datarun.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server standing in for the provider's discovery endpoint. */
class UiSettingsServiceTest {
    private HttpServer provider;
    private String issuer;
    private final AtomicReference<String> document = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void startProvider() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/datarun";
        provider.createContext("/realms/datarun/.well-known/openid-configuration", exchange -> {
            reads.incrementAndGet();
            String body = document.get();
            byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    private String discoveryFor(String namedIssuer) {
        return """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/protocol/openid-connect/auth",
                 "token_endpoint": "%1$s/protocol/openid-connect/token",
                 "end_session_endpoint": "%1$s/protocol/openid-connect/logout",
                 "jwks_uri": "%1$s/protocol/openid-connect/certs"}""".formatted(namedIssuer);
    }

    private UiSettingsService service(String verifiedIssuer, String clientId, Clock clock) {
        return new UiSettingsService(verifiedIssuer, Optional.ofNullable(clientId), Optional.empty(), "openid",
                new OidcDiscovery(new ObjectMapper()), clock);
    }

    @Test
    void whenGatewayVerifiesTheDevIssuerThenTokenPasteIsOfferedAndNoOidc() {
        UiSettings settings = service(UiSettingsService.DEV_ISSUER, null, Clock.systemUTC()).settings();
        assertThat(settings.devTokenSignIn()).isTrue();
        assertThat(settings.oidc()).isNull();
        assertThat(reads).hasValue(0);
    }

    @Test
    void whenClientIsConfiguredThenEndpointsComeFromTheIssuersDiscoveryDocumentAndNoTokenPaste() {
        document.set(discoveryFor(issuer));
        UiSettings settings = service(issuer, "datarun-ui", Clock.systemUTC()).settings();
        assertThat(settings.devTokenSignIn()).isFalse();
        assertThat(settings.oidcProblem()).isNull();
        assertThat(settings.oidc()).isEqualTo(new UiSettings.Oidc(issuer, "datarun-ui", "openid",
                issuer + "/protocol/openid-connect/auth", issuer + "/protocol/openid-connect/token",
                issuer + "/protocol/openid-connect/logout"));
    }

    @Test
    void whenDiscoveryNamesAnotherIssuerThenSignInIsUnavailableWithBothIssuersNamed() {
        document.set(discoveryFor("http://localhost:1/realms/datarun"));
        UiSettings settings = service(issuer, "datarun-ui", Clock.systemUTC()).settings();
        assertThat(settings.oidc()).isNull();
        assertThat(settings.oidcProblem()).contains("'http://localhost:1/realms/datarun'", "'" + issuer + "'",
                "mp.jwt.verify.issuer");
    }

    @Test
    void whenProviderIsDownThenProblemIsReportedAndRetriedAfterHalfAMinuteNotAtEveryPageLoad() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        UiSettingsService service = service(issuer, "datarun-ui", clock);
        assertThat(service.settings().oidcProblem()).contains("answered 404");
        service.settings();
        assertThat(reads).hasValue(1);

        document.set(discoveryFor(issuer));
        clock.now = clock.now.plus(UiSettingsService.RETRY).plusSeconds(1);
        assertThat(service.settings().oidc().clientId()).isEqualTo("datarun-ui");
        clock.now = clock.now.plus(UiSettingsService.KEEP).minusSeconds(1);
        service.settings();
        assertThat(reads).hasValue(2);
    }

    @Test
    void whenDiscoveryUrlIsGivenThenItIsReadInsteadOfTheIssuers() {
        document.set(discoveryFor(issuer));
        URI elsewhere = URI.create(issuer + "/.well-known/openid-configuration");
        UiSettingsService service = new UiSettingsService(issuer.replace("127.0.0.1", "sso.example.gov.cn"),
                Optional.of("datarun-ui"), Optional.of(elsewhere), "openid", new OidcDiscovery(new ObjectMapper()),
                Clock.systemUTC());
        // read from the given address, and refused because the document's issuer is not the verified one
        assertThat(service.settings().oidcProblem()).contains("sso.example.gov.cn");
        assertThat(reads).hasValue(1);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
