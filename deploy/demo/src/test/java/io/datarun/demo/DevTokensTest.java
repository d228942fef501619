package io.datarun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {
    @TempDir
    Path dir;

    private JwtConsumer consumer(KeyPair keys) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setExpectedIssuer(DevTokens.ISSUER)
                .setExpectedAudience(DevTokens.AUDIENCE)
                .setVerificationKey(keys.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
    }

    @Test
    void keysAreCreatedOnceAsOwnerOnlyPemFiles() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        DevKeys keys = new DevKeys(dir.resolve("dev-keys"));
        KeyPair first = keys.ensure();

        assertThat(((RSAPublicKey) first.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.readString(keys.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.publicKeyFile())).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Files.readAllLines(keys.privateKeyFile())).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKeyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.publicKeyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("parent folder untouched")
                .isNotEqualTo("rwx------");
        assertThat(first.getPrivate().getFormat()).isEqualTo("PKCS#8");
        assertThat(first.getPublic().getFormat()).isEqualTo("X.509");

        KeyPair second = new DevKeys(dir.resolve("dev-keys")).ensure();
        assertThat(second.getPublic()).isEqualTo(first.getPublic());
        assertThat(second.getPrivate()).isEqualTo(first.getPrivate());
    }

    @Test
    void aFolderWithOnlyOneKeyIsRefused() throws Exception {
        DevKeys keys = new DevKeys(dir);
        keys.ensure();
        Files.delete(keys.publicKeyFile());
        assertThatThrownBy(keys::ensure).isInstanceOf(IllegalStateException.class).hasMessageContaining("publicKey.pem");
    }

    @Test
    void mintedTokenVerifiesWithThePublicKeyAndCarriesTheClaims() throws Exception {
        KeyPair keys = new DevKeys(dir).ensure();
        String token = new DevTokens(keys.getPrivate()).mint(new DevTokens.Request("clerk-li", "civil-affairs",
                Set.of("clerk", "auditor"), List.of("110105", "110108"), DevTokens.DEFAULT_TTL));

        JwtClaims claims = consumer(keys).processToClaims(token);

        assertThat(claims.getIssuer()).isEqualTo("https://datarun.local/dev");
        assertThat(claims.getAudience()).containsExactly("datarun");
        assertThat(claims.getSubject()).isEqualTo("clerk-li");
        assertThat(claims.getStringClaimValue("upn")).isEqualTo("clerk-li");
        assertThat(claims.getStringClaimValue("dept")).isEqualTo("civil-affairs");
        assertThat(claims.getStringListClaimValue("groups")).containsExactlyInAnyOrder("clerk", "auditor");
        assertThat(claims.getStringListClaimValue("divisions")).containsExactly("110105", "110108");
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertThat(lifetime).isEqualTo(Duration.ofHours(1).toSeconds());
        assertThat(token.split("\\.")).hasSize(3);
    }

    @Test
    void residentTokenCarriesTheResidentIdOnlyInItsClaimAndNoDepartment() throws Exception {
        KeyPair keys = new DevKeys(dir).ensure();
        String token = new DevTokens(keys.getPrivate()).mintResident("110101195803215030", Duration.ofMinutes(5));

        JwtClaims claims = consumer(keys).processToClaims(token);

        assertThat(claims.getStringClaimValue("residentId")).isEqualTo("110101195803215030");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("resident");
        assertThat(claims.hasClaim("dept")).isFalse();
        assertThat(claims.getSubject()).doesNotContain("110101195803215030");
        assertThatThrownBy(() -> new DevTokens(keys.getPrivate()).mintResident("110101195803215031", Duration.ofMinutes(5)))
                .hasMessageContaining("GB 11643");
    }

    @Test
    void divisionsClaimIsLeftOutWhenUnlimited() throws Exception {
        KeyPair keys = new DevKeys(dir).ensure();
        String token = new DevTokens(keys.getPrivate()).mint(new DevTokens.Request("dev-user", "public-security",
                Set.of("publisher"), List.of(), Duration.ofMinutes(5)));

        JwtClaims claims = consumer(keys).processToClaims(token);

        assertThat(claims.hasClaim("divisions")).isFalse();
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        KeyPair keys = new DevKeys(dir).ensure();
        Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        String token = new DevTokens(keys.getPrivate(), yesterday).mint(new DevTokens.Request("dev-user",
                "public-security", Set.of("admin"), List.of(), Duration.ofHours(1)));

        assertThatThrownBy(() -> consumer(keys).processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPair ours = new DevKeys(dir.resolve("ours")).ensure();
        KeyPair theirs = new DevKeys(dir.resolve("theirs")).ensure();
        String token = new DevTokens(theirs.getPrivate()).mint(new DevTokens.Request("dev-user", "public-security",
                Set.of("admin"), List.of(), Duration.ofHours(1)));

        assertThatThrownBy(() -> consumer(ours).processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void requestsWithUnknownRolesBadDepartmentsOrDivisionsAreRefused() {
        assertThatThrownBy(() -> new DevTokens.Request("u", "civil-affairs", Set.of("superuser"), List.of(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("superuser");
        assertThatThrownBy(() -> new DevTokens.Request("u", "Civil Affairs", Set.of("clerk"), List.of(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("department");
        assertThatThrownBy(() -> new DevTokens.Request("u", "civil-affairs", Set.of("clerk"), List.of("9901"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9901");
        assertThatThrownBy(() -> new DevTokens.Request("u", "civil-affairs", Set.of(), List.of(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DevTokens.Request("u", "civil-affairs", Set.of("clerk"), List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeToLiveIsReadInShortOrIsoForm() {
        assertThat(DevTokens.parseTtl("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(DevTokens.parseTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DevTokens.parseTtl("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DevTokens.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DevTokens.parseTtl("PT8H")).isEqualTo(Duration.ofHours(8));
        assertThatThrownBy(() -> DevTokens.parseTtl("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevTokens.parseTtl("8y")).isInstanceOf(IllegalArgumentException.class);
    }
}
