package io.datarun.gateway.api;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Mints test JWTs with the test key under src/test/resources; never used outside tests. */
public final class Tokens {
    static final String ISSUER = "https://datarun.local/dev";
    static final String PRIVATE_KEY = "test-keys/privateKey.pem";

    private Tokens() {
    }

    public static JwtClaimsBuilder claims(String dept, String... groups) {
        return Jwt.issuer(ISSUER).audience("datarun").subject("user-" + dept)
                .claim("dept", dept).groups(Set.of(groups))
                .expiresAt(Instant.now().plusSeconds(600));
    }

    public static String token(String dept, String... groups) {
        return claims(dept, groups).sign(PRIVATE_KEY);
    }

    public static String withDivisions(String dept, List<String> divisions, String... groups) {
        return claims(dept, groups).claim("divisions", divisions).sign(PRIVATE_KEY);
    }
}
