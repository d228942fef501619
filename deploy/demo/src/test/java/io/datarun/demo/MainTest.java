package io.datarun.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.validation.ResidentIdNumber;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badUsagePrintsHelpAndExitsWith2() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("token", "--groups", "clerk")).isEqualTo(2);
        assertThat(run("token", "--dept", "civil-affairs", "--groups", "wizard")).isEqualTo(2);
        assertThat(run("seed", "--residents", "many")).isEqualTo(2);
        assertThat(run("keys", "--colour", "blue")).isEqualTo(2);
        assertThat(run("residents", "--count")).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("usage:", "DEV-ONLY", "--dept", "unknown option --colour");
    }

    @Test
    void helpGoesToStdoutAndSaysDevOnly() {
        assertThat(run("help")).isZero();
        assertThat(out()).contains("seed", "keys", "token", "residents", "DEV-ONLY");
    }

    @Test
    void tokenCommandPrintsOnlyTheToken() throws Exception {
        Path keys = dir.resolve("keys");
        assertThat(run("token", "--dept", "civil-affairs", "--groups", "clerk,steward", "--sub", "zhang.wei",
                "--divisions", "110105", "--ttl", "30m", "--keys-dir", keys.toString())).isZero();

        String token = out().strip();
        assertThat(out().lines()).hasSize(1);
        JwtClaims claims = new JwtConsumerBuilder()
                .setExpectedIssuer(DevTokens.ISSUER).setExpectedAudience(DevTokens.AUDIENCE)
                .setVerificationKey(new DevKeys(keys).loadPublicKey()).build().processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo("zhang.wei");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("clerk", "steward");
        assertThat(claims.getStringListClaimValue("divisions")).containsExactly("110105");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(1800);
    }

    @Test
    void keysCommandCreatesThePairOnceAndSaysSo() {
        Path keys = dir.resolve("k");
        assertThat(run("keys", "--dir", keys.toString())).isZero();
        assertThat(run("keys", "--dir=" + keys)).isZero();
        assertThat(out()).contains("created DEV-ONLY keys", "kept existing DEV-ONLY keys");
        assertThat(Files.exists(keys.resolve("privateKey.pem"))).isTrue();
    }

    @Test
    void residentsCommandPrintsValidNumbers() {
        assertThat(run("residents", "--count", "4")).isZero();
        assertThat(out().lines()).hasSize(4).allSatisfy(line ->
                assertThat(ResidentIdNumber.isValid(line.split("\t")[0])).as(line).isTrue());
    }

    @Test
    void seedCommandReportsRowsBadRowsAndIdsToTry() {
        String url = "jdbc:h2:file:" + dir.resolve("public-security") + ";AUTO_SERVER=TRUE";
        assertThat(run("seed", "--jdbc-url", url, "--residents", "400")).as(err()).isZero();
        assertThat(run("seed", "--jdbc-url", url, "--residents", "400")).isZero();

        assertThat(out()).contains("400 rows inserted, 0 already present, 400 in the table",
                "0 rows inserted, 400 already present, 400 in the table",
                "bad rows on purpose: 2 (resident-id.checksum 1, resident-id.birth-date 1)");
        String ids = out().lines().filter(l -> l.startsWith("resident IDs to try: ")).findFirst().orElseThrow()
                .substring("resident IDs to try: ".length());
        assertThat(ids.split(" ")).hasSize(3).allSatisfy(id -> assertThat(ResidentIdNumber.isValid(id)).isTrue());
        assertThat(ids.split(" ")).extracting(id -> id.substring(0, 6)).as("one per district").doesNotHaveDuplicates();
    }

    @Test
    void seedCommandFillsOneH2DatabasePerDepartmentInTheFolder() throws Exception {
        Path demo = dir.resolve("demo");
        assertThat(run("seed", "--dir", demo.toString(), "--residents", "600")).as(err()).isZero();
        assertThat(run("seed", "--dir", demo.toString(), "--residents", "600", "--tables", "qy_enterprises")).isZero();
        for (String department : new String[] {"public-security", "civil-affairs", "human-resources-social-security",
                "health", "market-regulation"}) {
            assertThat(demo.resolve(department + ".mv.db")).exists();
        }
        assertThat(out()).contains("hukou_residents: 600 rows inserted", "hyzk_marriage (civil-affairs.marital-status, CA_DB_URL)",
                "tj_checkups (health.elderly-health-checkups, HEALTH_DB_URL)",
                "qy_enterprises (market-regulation.enterprises, MR_DB_URL): 0 rows inserted, 39 already present, 39 in the table");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                DepartmentTables.ENTERPRISES.h2Url(demo.toString()), "sa", "")) {
            assertThat(DepartmentTables.ENTERPRISES.count(connection)).isEqualTo(39);
        }
        assertThat(run("seed", "--dir", demo.toString(), "--tables", "no_such_table")).isEqualTo(2);
    }

    @Test
    void unreachableDatabaseFailsWith1() {
        assertThat(run("seed", "--jdbc-url", "jdbc:nosuchdb:x")).isEqualTo(1);
        assertThat(err()).contains("error:");
    }
}
