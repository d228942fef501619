package io.datarun.demo;

import io.datarun.schemas.validation.DivisionCode;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mints DEV-ONLY bearer tokens for the local demo: RS256 JWTs signed with the {@link DevKeys}
 * private key, carrying the claims the gateway reads ({@code sub}, {@code upn}, {@code dept},
 * {@code groups}, optional {@code divisions}). Anyone holding the dev key can be anybody: never
 * configure a production gateway to trust these; production tokens come from a real OIDC
 * provider.
 */
public final class DevTokens {
    public static final String ISSUER = "https://datarun.local/dev";
    public static final String AUDIENCE = "datarun";
    public static final String DEFAULT_SUBJECT = "dev-user";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1); // the gateway refuses tokens living longer (smallrye.jwt.time-to-live)
    /** The roles the gateway knows (DESIGN.md, Users). */
    public static final Set<String> ROLES = Set.of("clerk", "publisher", "steward", "auditor", "admin");
    private static final Pattern DEPARTMENT = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final PrivateKey signingKey;
    private final Clock clock;

    public DevTokens(PrivateKey signingKey, Clock clock) {
        this.signingKey = signingKey;
        this.clock = clock;
    }

    public DevTokens(PrivateKey signingKey) {
        this(signingKey, Clock.systemUTC());
    }

    /**
     * What a token says about its bearer.
     *
     * @param subject    {@code sub} and {@code upn}
     * @param department {@code dept}, a department code such as {@code public-security}
     * @param groups     roles, each one of {@link #ROLES}
     * @param divisions  GB/T 2260 codes the bearer is limited to; empty for no limit (claim left out)
     * @param ttl        time to expiry
     */
    public record Request(String subject, String department, Set<String> groups, List<String> divisions, Duration ttl) {
        public Request {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("the subject must not be blank");
            }
            if (department == null || !DEPARTMENT.matcher(department).matches()) {
                throw new IllegalArgumentException("department must be a code like public-security or civil-affairs, got '"
                        + department + "'");
            }
            if (groups == null || groups.isEmpty()) {
                throw new IllegalArgumentException("at least one group is needed, from " + String.join(", ", sorted(ROLES)));
            }
            for (String group : groups) {
                if (!ROLES.contains(group)) {
                    throw new IllegalArgumentException("unknown group '" + group + "', expected one of "
                            + String.join(", ", sorted(ROLES)));
                }
            }
            divisions = divisions == null ? List.of() : List.copyOf(divisions);
            for (String division : divisions) {
                if (DivisionCode.problem(division).isPresent()) {
                    throw new IllegalArgumentException("'" + division + "' is not a six-digit GB/T 2260 division code");
                }
            }
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("the time to live must be positive, got " + ttl);
            }
            groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        }

        private static List<String> sorted(Set<String> values) {
            return values.stream().sorted().toList();
        }
    }

    /** A signed compact JWS. */
    public String mint(Request request) {
        Instant now = clock.instant();
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(request.subject())
                .upn(request.subject())
                .groups(request.groups())
                .claim("dept", request.department())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(request.ttl()).getEpochSecond());
        if (!request.divisions().isEmpty()) {
            claims.claim("divisions", request.divisions());
        }
        return claims.jws().keyId("datarun-dev").sign(signingKey);
    }

    /**
     * A resident's token (role {@code resident}, claim {@code residentId}, no department): what an OIDC
     * provider issues a person signed in as themselves. The subject is random, not the ID number, so
     * the ID travels only in the claim the gateway reads it from.
     */
    public String mintResident(String residentId, Duration ttl) {
        String id = residentId == null ? "" : residentId.strip().toUpperCase(Locale.ROOT);
        if (io.datarun.schemas.validation.ResidentIdNumber.problem(id).isPresent()) {
            throw new IllegalArgumentException("'" + residentId + "' is not a valid resident ID number (GB 11643)");
        }
        Instant now = clock.instant();
        return Jwt.claims()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("resident-" + java.util.UUID.randomUUID())
                .groups(Set.of("resident"))
                .claim("residentId", id)
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(ttl).getEpochSecond())
                .jws().keyId("datarun-dev").sign(signingKey);
    }

    /** Parses a time to live such as {@code 8h}, {@code 30m}, {@code 2d}, {@code 90s} or ISO-8601 {@code PT8H}. */
    public static Duration parseTtl(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time to live: use e.g. 8h, 30m, 2d or PT8H");
        }
    }
}
