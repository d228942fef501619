package io.datarun.gateway.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datarun.gateway.access.VerifiedTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token cache in front of smallrye-jwt's real verifier (the test key pair, RS256): what is cached
 * passed verification, and what is cached is still refused once it expires.
 */
class CachingJwtParserTest {
    private static final String ISSUER = "https://datarun.local/dev";
    private static final String PRIVATE_KEY = "test-keys/privateKey.pem";

    private VerifiedTokens<JsonWebToken> cache;
    private CachingJwtParser parser;

    @BeforeEach
    void setUp() throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(KeyUtils.readPublicKey("test-keys/publicKey.pem"), ISSUER);
        context.setExpectedAudience(Set.of("datarun"));
        // no leeway (MP JWT allows 60 s of clock skew by default): the verifier refuses at exp, so a cache
        // that served the token past exp would show
        context.setExpGracePeriodSecs(0);
        context.setClockSkew(0);
        cache = new VerifiedTokens<>(Clock.systemUTC(), 100, Duration.ofMinutes(1));
        parser = new CachingJwtParser(new DefaultJWTParser(context), cache);
    }

    @Test
    void whenATokenIsVerifiedThenTheNextRequestWithItIsServedFromTheCache() throws Exception {
        String token = token(Instant.now().plusSeconds(600));
        JsonWebToken first = parser.parse(token);
        assertThat(first.getClaim("dept").toString()).contains("civil-affairs");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(parser.parse(token)).isSameAs(first);
    }

    @Test
    void whenTheSignatureIsBadThenTheTokenIsRefusedAndNeverCached() {
        String token = token(Instant.now().plusSeconds(600));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("civil-affairs", "public-security");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> parser.parse(tampered)).isInstanceOf(ParseException.class);
        }
        assertThat(cache.size()).isZero();
        assertThat(cache.get(tampered)).isEmpty();
    }

    @Test
    void whenACachedTokenExpiresThenItIsRefused() throws Exception {
        String token = token(Instant.now().plusSeconds(2));
        parser.parse(token);
        assertThat(cache.get(token)).isPresent();
        // the real verifier refuses it after exp; a cache that outlived exp would answer instead
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThatThrownBy(() -> parser.parse(token)).isInstanceOf(ParseException.class));
        assertThat(cache.get(token)).isEmpty();
    }

    @Test
    void whenATokenHasAlreadyExpiredThenItIsRefusedAndNotCached() {
        String expired = Jwt.issuer(ISSUER).audience("datarun").subject("user-civil-affairs").claim("dept", "civil-affairs")
                .groups(Set.of("clerk")).issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .sign(PRIVATE_KEY);
        assertThatThrownBy(() -> parser.parse(expired)).isInstanceOf(ParseException.class);
        assertThat(cache.size()).isZero();
    }

    private static String token(Instant expiresAt) {
        return Jwt.issuer(ISSUER).audience("datarun").subject("user-civil-affairs").claim("dept", "civil-affairs")
                .groups(Set.of("clerk")).issuedAt(Instant.now()).expiresAt(expiresAt).sign(PRIVATE_KEY);
    }
}
