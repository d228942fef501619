package io.datarun.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Systematic leakage check: every read path (record, subject, change feed, prefill, catalog,
 * disputes, errors), for every caller that may not see a field, must not carry that field's value
 * anywhere in its answer — body or headers. The values are canaries nobody could produce by
 * chance: one in a field no consumer is granted (ethnicity), one in a subject outside a
 * division-limited caller's reach.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class LeakageTest {
    static final String ETHNICITY_CANARY = "CANARY-ETHNICITY-4F7A91";
    static final String HAIDIAN_CANARY = "CANARY-HAIDIAN-NAME-8C2E05";
    static final String CHAOYANG = TestData.residentId("110105", "19440404", "056");
    static final String HAIDIAN = TestData.residentId("110108", "19450505", "077");
    static final String DATASET = TestData.DATASET;
    static final String PURPOSE = "minimum-living-allowance";

    @BeforeAll
    static void publish() throws Exception {
        Map<String, Object> chaoyang = new java.util.LinkedHashMap<>(TestData.resident(CHAOYANG, "赵淑芬", "FEMALE", "北京市朝阳区团结湖路5号"));
        chaoyang.put("ethnicity", ETHNICITY_CANARY);
        Map<String, Object> haidian = new java.util.LinkedHashMap<>(TestData.resident(HAIDIAN, HAIDIAN_CANARY, "MALE", "北京市海淀区学院路9号"));
        haidian.put("ethnicity", ETHNICITY_CANARY);
        TestData.publish(chaoyang, haidian);
    }

    @BeforeEach
    void served() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(Tokens.token("public-security", "clerk")).queryParam("purpose", PURPOSE)
                        .when().get("/api/v1/datasets/" + DATASET + "/records/" + HAIDIAN).then().statusCode(200));
    }

    /** A caller, and the canaries it must never see. */
    record Reader(String name, String token, List<String> forbidden) {
    }

    static List<Reader> readers() {
        return List.of(
                // granted identity fields of the dataset, not ethnicity
                new Reader("civil-affairs clerk", Tokens.token("civil-affairs", "clerk"), List.of(ETHNICITY_CANARY)),
                // the same department, but the token limits it to Chaoyang: the Haidian subject is out of reach
                new Reader("civil-affairs clerk of Chaoyang",
                        Tokens.withDivisions("civil-affairs", List.of("110105"), "clerk"), List.of(ETHNICITY_CANARY, HAIDIAN_CANARY)),
                // granted a few fields for another purpose, only in Chaoyang
                new Reader("health clerk", Tokens.token("health", "clerk"), List.of(ETHNICITY_CANARY, HAIDIAN_CANARY)),
                // no grant at all
                new Reader("market-regulation clerk", Tokens.token("market-regulation", "clerk", "publisher", "steward"),
                        List.of(ETHNICITY_CANARY, HAIDIAN_CANARY)),
                new Reader("admin", Tokens.token("data-administration", "admin", "steward"), List.of(ETHNICITY_CANARY, HAIDIAN_CANARY)),
                // the owner department itself, its steward and publisher limited by the token to Chaoyang: every
                // field of its own records, but never the Haidian resident (dead letters and disputes included)
                new Reader("public-security steward of Chaoyang",
                        Tokens.withDivisions("public-security", List.of("110105"), "clerk", "steward", "publisher"),
                        List.of(HAIDIAN_CANARY)));
    }

    /** Every read path, as GET requests (path with query). */
    static List<String> readPaths() {
        List<String> paths = new ArrayList<>();
        for (String subject : List.of(CHAOYANG, HAIDIAN)) {
            for (String purpose : List.of(PURPOSE, "elderly-health-checkup", "pension-insurance")) {
                paths.add("/api/v1/datasets/" + DATASET + "/records/" + subject + "?purpose=" + purpose);
                paths.add("/api/v1/subjects/" + subject + "?purpose=" + purpose);
                paths.add("/api/v1/forms/income-survey/prefill?subject=" + subject + "&purpose=" + purpose);
                paths.add("/api/v1/forms/allowance-review/prefill?subject=" + subject + "&purpose=" + purpose);
            }
            paths.add("/api/v1/subjects/" + subject + "?purpose=" + PURPOSE + "&datasets=" + DATASET);
            // errors: a mistyped subject id next to a real one, a missing purpose, an unknown dataset
            paths.add("/api/v1/datasets/" + DATASET + "/records/" + subject.substring(0, 17) + "0?purpose=" + PURPOSE);
            paths.add("/api/v1/datasets/" + DATASET + "/records/" + subject);
            paths.add("/api/v1/datasets/no.such/records/" + subject + "?purpose=" + PURPOSE);
        }
        for (String purpose : List.of(PURPOSE, "elderly-health-checkup", "pension-insurance")) {
            paths.add("/api/v1/datasets/" + DATASET + "/changes?limit=500&purpose=" + purpose);
        }
        paths.add("/api/v1/datasets");
        paths.add("/api/v1/datasets/" + DATASET);
        paths.add("/api/v1/disputes");
        paths.add("/api/v1/disputes?purpose=" + PURPOSE);
        paths.add("/api/v1/grants");
        paths.add("/api/v1/reports/usage");
        paths.add("/api/v1/reports/forms");
        paths.add("/api/v1/forms/income-survey");
        paths.add("/api/v1/datasets/" + DATASET + "/dead-letters?limit=500");
        return paths;
    }

    static void assertNoCanary(Reader reader, String what, Response response) {
        String everything = response.getHeaders().toString() + "\n" + response.asString();
        assertThat(response.statusCode()).as(reader.name() + " " + what).isLessThan(500);
        for (String canary : reader.forbidden()) {
            assertThat(everything).as(reader.name() + " " + what + " answered " + response.statusCode()).doesNotContain(canary);
        }
    }

    @Test
    void whenACallerMayNotSeeAFieldThenNoReadPathCarriesItsValue() {
        // the owner sees both canaries: the check below would catch a leak if there were one
        Response owner = given().auth().oauth2(Tokens.token("public-security", "clerk")).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/subjects/" + HAIDIAN);
        assertThat(owner.asString()).contains(ETHNICITY_CANARY).contains(HAIDIAN_CANARY);

        // a dispute carries the disputed value: raised by a reader who may see it, then listed by others
        String dispute = given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", DATASET, "subjectId", HAIDIAN, "field", "name", "purpose", PURPOSE,
                        "comment", "the name is misspelt"))
                .when().post("/api/v1/disputes").then().statusCode(201).extract().path("id");
        pushDeadLetterWithCanaries();

        int checked = 0;
        for (Reader reader : readers()) {
            List<String> paths = new ArrayList<>(readPaths());
            paths.add("/api/v1/disputes/" + dispute);
            paths.add("/api/v1/disputes/" + dispute + "?purpose=" + PURPOSE);
            for (String path : paths) {
                assertNoCanary(reader, "GET " + path, given().auth().oauth2(reader.token()).urlEncodingEnabled(false)
                        .when().get(path));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    /** Every dead-letter page of the dataset, as one text (other tests add dead letters too). */
    static String allDeadLetters(String token) {
        StringBuilder all = new StringBuilder();
        String after = null;
        for (int page = 0; page < 40; page++) {
            var request = given().auth().oauth2(token).queryParam("limit", 500);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            Response answer = request.when().get("/api/v1/datasets/" + DATASET + "/dead-letters");
            all.append(answer.asString());
            String next = answer.jsonPath().getString("next");
            if (next == null || next.equals(after) || answer.jsonPath().getList("deadLetters").isEmpty()) {
                break;
            }
            after = next;
        }
        return all.toString();
    }

    /** A Haidian row refused at the door (an unknown gender), carrying both canaries into the dead letters. */
    static void pushDeadLetterWithCanaries() {
        Map<String, Object> refused = new java.util.LinkedHashMap<>(TestData.resident(HAIDIAN, HAIDIAN_CANARY, "NOT-A-GENDER",
                "北京市海淀区学院路9号"));
        refused.put("ethnicity", ETHNICITY_CANARY);
        given().auth().oauth2(Tokens.token("public-security", "publisher")).contentType(ContentType.JSON).body(refused)
                .when().post("/api/v1/datasets/" + DATASET + "/records").then().statusCode(422);
    }

    /**
     * Issue 12, finding 13: a positive control per path. Each path that carries record values shows
     * both canaries to the owner, so a check above that finds no canary on that path is a live one.
     */
    @Test
    void whenTheOwnerReadsThenEveryValueCarryingPathShowsTheCanaries() {
        String owner = Tokens.token("public-security", "clerk");
        for (String path : List.of("/api/v1/datasets/" + DATASET + "/records/" + HAIDIAN + "?purpose=" + PURPOSE,
                "/api/v1/subjects/" + HAIDIAN + "?purpose=" + PURPOSE,
                "/api/v1/forms/income-survey/prefill?subject=" + HAIDIAN + "&purpose=" + PURPOSE)) {
            assertThat(given().auth().oauth2(owner).urlEncodingEnabled(false).when().get(path).asString())
                    .as(path).contains(ETHNICITY_CANARY).contains(HAIDIAN_CANARY);
        }
        // the change feed, paged until the subject's change appears
        String after = null;
        String feed = "";
        for (int page = 0; page < 40 && !feed.contains(HAIDIAN_CANARY); page++) {
            var request = given().auth().oauth2(owner).queryParam("purpose", PURPOSE).queryParam("limit", 500);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            Response answer = request.when().get("/api/v1/datasets/" + DATASET + "/changes");
            feed = answer.asString();
            after = answer.jsonPath().getString("next");
        }
        assertThat(feed).as("change feed").contains(ETHNICITY_CANARY).contains(HAIDIAN_CANARY);
        // a dispute on the Haidian name: its disputed value is the canary, shown to the owner's steward
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", DATASET, "subjectId", HAIDIAN, "field", "name", "purpose", PURPOSE,
                        "comment", "positive control"))
                .when().post("/api/v1/disputes").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given()
                .auth().oauth2(Tokens.token("public-security", "steward")).when().get("/api/v1/disputes").asString())
                .as("disputes").contains(HAIDIAN_CANARY));
        // one dispute by its id, for the owner's steward and for the raising department with its purpose
        String id = given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).contentType(ContentType.JSON)
                .body(Map.of("dataset", DATASET, "subjectId", HAIDIAN, "field", "name", "purpose", PURPOSE,
                        "comment", "positive control by id"))
                .when().post("/api/v1/disputes").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given()
                .auth().oauth2(Tokens.token("public-security", "steward")).when().get("/api/v1/disputes/" + id).asString())
                .as("dispute by id").contains(HAIDIAN_CANARY));
        assertThat(given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/disputes/" + id).asString()).as("dispute by id, raising department").contains(HAIDIAN_CANARY);
        // the dead letters, raw values shown to the owner's department-wide steward
        pushDeadLetterWithCanaries();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(allDeadLetters(Tokens.token("public-security", "steward")))
                .as("dead letters").contains(ETHNICITY_CANARY).contains(HAIDIAN_CANARY));
    }

    @Test
    void whenACallerDisputesOrPushesAroundAWithheldFieldThenTheRefusalCarriesNoValue() {
        for (Reader reader : readers()) {
            assertNoCanary(reader, "dispute on ethnicity", given().auth().oauth2(reader.token()).contentType(ContentType.JSON)
                    .body(Map.of("dataset", DATASET, "subjectId", CHAOYANG, "field", "ethnicity", "purpose", PURPOSE,
                            "comment", "looks wrong"))
                    .when().post("/api/v1/disputes"));
            assertNoCanary(reader, "dispute on a name out of reach", given().auth().oauth2(reader.token()).contentType(ContentType.JSON)
                    .body(Map.of("dataset", DATASET, "subjectId", HAIDIAN, "field", "name", "purpose", PURPOSE,
                            "comment", "looks wrong"))
                    .when().post("/api/v1/disputes"));
            assertNoCanary(reader, "push into the owner's dataset", given().auth().oauth2(reader.token()).contentType(ContentType.JSON)
                    .body(TestData.resident(HAIDIAN, "x", "MALE", "y"))
                    .when().post("/api/v1/datasets/" + DATASET + "/records"));
        }
    }

    @Test
    void whenAnAuditorReadsTheTrailThenItHoldsFieldNamesButNeverValues() {
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/datasets/" + DATASET + "/records/" + CHAOYANG).then().statusCode(200);
        Response trail = given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("limit", 1000)
                .when().get("/api/v1/audit");
        assertThat(trail.statusCode()).isEqualTo(200);
        assertThat(trail.asString()).contains(CHAOYANG).doesNotContain(ETHNICITY_CANARY).doesNotContain(HAIDIAN_CANARY);
    }

    @Test
    void whenASubjectIsOutOfReachThenTheAnswerIsTheSameAsForOneThatDoesNotExist() {
        String absent = TestData.residentId("110108", "19460606", "099");
        Reader chaoyangOnly = readers().get(1);
        for (String base : List.of("/api/v1/datasets/" + DATASET + "/records/", "/api/v1/subjects/")) {
            Response outOfReach = given().auth().oauth2(chaoyangOnly.token()).queryParam("purpose", PURPOSE).when().get(base + HAIDIAN);
            Response missing = given().auth().oauth2(chaoyangOnly.token()).queryParam("purpose", PURPOSE).when().get(base + absent);
            assertThat(outOfReach.statusCode()).as(base).isEqualTo(missing.statusCode());
            assertThat(outOfReach.asString().replace(HAIDIAN, "ID")).as(base).isEqualTo(missing.asString().replace(absent, "ID"));
        }
        // the catalog's counts are the same for every caller, so they say nothing about the caller's reach
        List<String> catalogs = readers().stream().map(r -> given().auth().oauth2(r.token()).when()
                .get("/api/v1/datasets/" + DATASET).then().statusCode(200).extract().asString()).toList();
        assertThat(catalogs).allMatch(c -> c.equals(catalogs.get(0)));
    }
}
