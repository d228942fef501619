package io.datarun.gateway.wiring;

import io.datarun.gateway.access.VerifiedTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token verifier Quarkus uses for every request (it replaces smallrye-jwt's parser as the
 * {@link JWTParser} bean), remembering tokens that passed full verification ({@link VerifiedTokens}):
 * the same clerk's token arrives with every request, and its RSA signature check was the largest
 * single cost of a read. A token not in the cache, expired in it, or older there than
 * {@link #MAX_AGE} is verified in full by smallrye-jwt, exactly as without the cache; only a token that
 * passed enters it. Every other method is smallrye-jwt's own.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {
    /** Distinct tokens remembered at once: a few hundred bytes each, so a few MB at most. */
    static final int MAX_ENTRIES = 10_000;
    /** A verified token is verified again at least this often, even if it lives longer. */
    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final JWTParser verifier;
    private final VerifiedTokens<JsonWebToken> verified;

    @Inject
    public CachingJwtParser(DefaultJWTParser verifier) {
        // the system clock, the one smallrye-jwt checks exp against: a cache on another clock could outlive exp
        this(verifier, new VerifiedTokens<>(Clock.systemUTC(), MAX_ENTRIES, MAX_AGE));
    }

    public CachingJwtParser(JWTParser verifier, VerifiedTokens<JsonWebToken> verified) {
        this.verifier = verifier;
        this.verified = verified;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token).orElse(null);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = verifier.parse(token); // throws for a bad signature, issuer, audience, exp...: never cached
        verified.put(token, jwt, Instant.ofEpochSecond(jwt.getExpirationTime()));
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
