package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.schemas.validation.ResidentIdNumber;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 9: no log line of the gateway holds a resident ID, whole or masked so that
 * little is left to guess. The test provokes the lines that used to leak (a rate-limited request on
 * a record path, reads naming the subject), then searches the whole log of the test run so far —
 * every test class that ran before in this JVM wrote to it too.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class LogLeakTest {
    static final Path LOG = Path.of("target/gateway-test.log");
    /** Eighteen characters shaped like a resident ID; the checksum decides whether it is one. */
    static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])");
    /** The old mask: region and last four, about 3,300 candidates for a known region and age. */
    static final Pattern WEAK_MASK = Pattern.compile("[0-9]{6}\\*+[0-9]{3}[0-9Xx]");

    @Test
    void whenRequestsNameResidentsThenNoLogLineHoldsAResidentId() throws Exception {
        String subject = TestData.residentId("110105", "19630708", "571");
        TestData.publish(TestData.resident(subject, "温良", "MALE", "北京市朝阳区日志路1号"));
        String path = "/api/v1/datasets/" + TestData.DATASET + "/records/" + subject;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance").when().get(path).then().statusCode(200));
        boolean limited = false;
        for (int i = 0; i < 1500 && !limited; i++) {
            limited = given().header("X-Forwarded-For", "203.0.113.71").auth().oauth2("forged.token." + i)
                    .queryParam("purpose", "minimum-living-allowance").when().get(path).statusCode() == 429;
        }

        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
        assertThat(lines).noneMatch(line -> line.contains(subject));
        assertThat(lines.stream().filter(line -> WEAK_MASK.matcher(line).find()).toList()).isEmpty();
        assertThat(lines.stream().filter(LogLeakTest::holdsResidentId).toList()).isEmpty();
        // the check saw what it meant to: the read and the rate-limit refusal were logged
        assertThat(limited).as("the rate-limit line was provoked").isTrue();
        assertThat(lines).anyMatch(line -> line.contains("rate limited"));
        assertThat(lines).anyMatch(line -> line.contains("read dataset=" + TestData.DATASET) && line.contains("110105*"));
    }

    static boolean holdsResidentId(String line) {
        Matcher matcher = CANDIDATE.matcher(line);
        while (matcher.find()) {
            if (ResidentIdNumber.isValid(matcher.group())) {
                return true;
            }
        }
        return false;
    }
}
