package io.datarun.connectors.support;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;

/** Mints test JWTs, as the gateway's issuer would, with the test key under src/test/resources; tests only. */
public final class Tokens {
    private static final String ISSUER = "https://datarun.local/dev";
    private static final String PRIVATE_KEY = "test-keys/privateKey.pem";

    private Tokens() {
    }

    public static String token(String dept, String... groups) {
        return Jwt.issuer(ISSUER).audience("datarun").subject("user-" + dept).claim("dept", dept).groups(Set.of(groups))
                .expiresAt(Instant.now().plusSeconds(600)).sign(PRIVATE_KEY);
    }

    /** A token of another issuer: refused like none. */
    public static String foreign(String dept, String... groups) {
        return Jwt.issuer("https://elsewhere.example").audience("datarun").subject("user-" + dept).claim("dept", dept)
                .groups(Set.of(groups)).expiresAt(Instant.now().plusSeconds(600)).sign(PRIVATE_KEY);
    }
}
