package io.datarun.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.SpecificationQuerier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "done when", on the packaged applications against a real broker, with two gateway
 * replicas and nothing restarted: a steward registers a dataset from the shell on one replica, a
 * publisher pushes into it through the other, a grant lets another department read it, a delete
 * answers 204 and the record then reads 404, and an incompatible version is refused with 409.
 */
class RuntimeDatasetIT {
    @RegisterExtension
    static final E2eStack STACK = new E2eStack(20, 20, 2);

    static final String DATASET = "health.vaccinations";
    static final String RECORDS = "/api/v1/datasets/" + DATASET + "/records/";
    static final String PURPOSE = "minimum-living-allowance";

    static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = RuntimeDatasetIT.class.getResourceAsStream("/registration/" + name)) {
            Path file = dir.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    /** {@code ./datarun dataset register <file>} against replica 0, as a newcomer would type it. */
    static void registerFromTheShell(Path file) throws Exception {
        Path out = Files.createTempFile("register", ".log");
        ProcessBuilder command = new ProcessBuilder("./datarun", "dataset", "register", file.toString(),
                "--gateway", SpecificationQuerier.query(STACK.api(0)).getBaseUri())
                .directory(E2eStack.repoDir().toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        command.environment().put("DATARUN_TOKEN", STACK.token("health", "steward"));
        command.environment().put("DATARUN_DATA", Files.createTempDirectory("datarun-data").toString());
        Process process = command.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("\"id\":\"" + DATASET + "\"");
    }

    @Test
    void aStewardRegistersADatasetThatIsPushedGrantedReadDeletedAndGuardedByTheGateWithoutARestart() throws Exception {
        String subject = validSubject();
        Path dir = Files.createTempDirectory("schemas");
        registerFromTheShell(resource(dir, "v1.avsc"));

        // replica 1 follows the schemas topic: it takes the push without having been told anything
        Map<String, Object> record = Map.of("residentId", subject, "vaccine", "流感疫苗", "divisionCode", "110105");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                STACK.apiOf(1).as("health", "publisher").contentType(ContentType.JSON)
                        .body(record).when().post(RECORDS.substring(0, RECORDS.length() - 1)).then().statusCode(202));

        String reader = STACK.token("civil-affairs", "clerk");
        STACK.apiOf(0).as("health", "steward").contentType(ContentType.JSON)
                .body(Map.of("consumer", "civil-affairs", "dataset", DATASET, "fields", List.of("residentId", "vaccine"),
                        "purposes", List.of(PURPOSE)))
                .when().post("/api/v1/grants").then().statusCode(201);
        for (int replica = 0; replica < 2; replica++) {
            int r = replica;
            Response read = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given(STACK.api(r)).auth().oauth2(reader).queryParam("purpose", PURPOSE)
                            .when().get(RECORDS + subject), res -> res.statusCode() == 200);
            assertThat(read.jsonPath().getString("fields.vaccine")).as("replica %d", r).isEqualTo("流感疫苗");
        }

        STACK.apiOf(1).as("health", "publisher").when().delete(RECORDS + subject)
                .then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given(STACK.api(0)).auth().oauth2(reader)
                .queryParam("purpose", PURPOSE).when().get(RECORDS + subject).then().statusCode(404));

        STACK.apiOf(1).as("health", "steward").contentType(ContentType.JSON)
                .body(Files.readString(resource(dir, "v2-incompatible.avsc")))
                .when().post("/api/v1/datasets/" + DATASET + "/versions")
                .then().statusCode(409).body("code", equalTo("schema-incompatible"))
                .body("errors[0].message", containsString("batchNumber"));
        given(STACK.api(0)).auth().oauth2(reader).when().get("/api/v1/datasets/" + DATASET)
                .then().statusCode(200).body("schemaVersions", equalTo(List.of(1)));
    }

    /** Issue 12 finding 7: the packaged runtime's status takes the gateway's tokens; a steward sees their own feeds. */
    @Test
    void theConnectorRuntimesStatusTakesTheGatewaysTokensAndShowsAStewardOnlyTheirDepartmentsConnectors() {
        String status = STACK.connector().url() + "/connectors";
        given().when().get(status).then().statusCode(401);
        given().auth().oauth2(STACK.token("civil-affairs", "clerk")).when().get(status).then().statusCode(403);
        given().auth().oauth2(STACK.token("public-security", "steward")).when().get(status).then().statusCode(200)
                .body("connectors.name", org.hamcrest.Matchers.hasItem(E2eStack.CONNECTOR));
        given().auth().oauth2(STACK.token("health", "steward")).when().get(status).then().statusCode(200)
                .body("connectors", org.hamcrest.Matchers.hasSize(0));
        given().when().get(STACK.connector().url() + "/q/health/live").then().statusCode(200);
    }

    /** A resident ID valid under GB 11643 (the check character computed, not guessed). */
    static String validSubject() {
        String body = "11010519450505013";
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
