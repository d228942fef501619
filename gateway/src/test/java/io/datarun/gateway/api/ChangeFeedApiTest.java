package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ChangeFeedApiTest {
    static final String CHANGES = "/api/v1/datasets/" + MaritalData.DATASET + "/changes";
    static final String OWNER = Tokens.token("civil-affairs", "clerk");
    static final String PURPOSE = "minimum-living-allowance";

    static JsonPath page(String token, String after, int limit, String purpose) {
        var request = given().auth().oauth2(token).queryParam("limit", limit).queryParam("purpose", purpose);
        if (after != null) {
            request = request.queryParam("after", after);
        }
        return request.when().get(CHANGES).then().statusCode(200).extract().jsonPath();
    }

    /** Pages from {@code after} until a page comes back empty; the subjects seen, and the cursor to resume from. */
    record Drained(List<String> subjects, List<Integer> pageSizes, String next) {
    }

    static Drained drain(String token, String after, int limit, String purpose) {
        List<String> subjects = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = after;
        while (true) {
            JsonPath page = page(token, cursor, limit, purpose);
            List<String> ids = page.getList("changes.subjectId");
            assertThat(ids.size()).isLessThanOrEqualTo(limit);
            cursor = page.getString("next");
            if (ids.isEmpty()) {
                return new Drained(subjects, sizes, cursor);
            }
            subjects.addAll(ids);
            sizes.add(ids.size());
        }
    }

    static List<String> residents(String region, String birth, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> TestData.residentId(region, birth, String.format("%03d", i))).toList();
    }

    static void publish(List<String> ids, String status) throws Exception {
        MaritalData.publish(ids.stream().map(id -> MaritalData.record(id, status)).toList());
    }

    @Test
    void whenAConsumerPagesThroughChangesAndResumesThenEveryChangeArrivesExactlyOnce() throws Exception {
        String head = drain(OWNER, null, 500, PURPOSE).next();
        List<String> first = residents("110105", "19810101", 101, 5);
        publish(first, "MARRIED");

        Drained pages = drain(OWNER, head, 2, PURPOSE);
        assertThat(pages.subjects()).containsExactlyInAnyOrderElementsOf(first);
        assertThat(pages.pageSizes()).containsExactly(2, 2, 1);

        JsonPath firstPage = page(OWNER, head, 2, PURPOSE);
        List<String> more = residents("110105", "19810101", 201, 3);
        publish(more, "DIVORCED");

        Drained resumed = drain(OWNER, pages.next(), 2, PURPOSE);
        assertThat(resumed.subjects()).containsExactlyInAnyOrderElementsOf(more);

        List<String> expected = new ArrayList<>(first);
        expected.removeAll(firstPage.getList("changes.subjectId"));
        expected.addAll(more);
        Drained fromMiddle = drain(OWNER, firstPage.getString("next"), 2, PURPOSE);
        assertThat(fromMiddle.subjects()).containsExactlyInAnyOrderElementsOf(expected);

        // a change to a subject already seen is a new change, seen once more
        publish(first.subList(0, 1), "WIDOWED");
        assertThat(drain(OWNER, resumed.next(), 2, PURPOSE).subjects()).containsExactly(first.get(0));
    }

    @Test
    void whenAConsumerIsGrantedSomeFieldsThenChangesCarryOnlyThoseAndNameTheWithheld() throws Exception {
        String consumer = Tokens.token("public-security", "clerk");
        String head = drain(consumer, null, 500, PURPOSE).next();
        List<String> ids = residents("110108", "19820202", 301, 2);
        publish(ids, "MARRIED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(consumer)
                .queryParam("purpose", PURPOSE).queryParam("after", head)
                .when().get(CHANGES)
                .then().statusCode(200)
                .body("changes.subjectId", containsInAnyOrder(ids.toArray()))
                .body("changes.fields.maritalStatus", everyItem(equalTo("MARRIED")))
                .body("changes[0].fields", not(hasKey("registrationOffice")))
                .body("changes[0].fields", not(hasKey("updatedAt")))
                .body("changes[0].withheld", equalTo(List.of("spouseResidentId", "registeredOn", "registrationOffice",
                        "updatedAt")))
                .body("changes[0].deleted", equalTo(false)));
    }

    @Test
    void whenTheGrantIsLimitedToADivisionThenChangesElsewhereAreSkippedButPassed() throws Exception {
        String health = Tokens.token("health", "clerk");
        String head = drain(health, null, 500, "elderly-health-checkup").next();
        String chaoyang = TestData.residentId("110105", "19450303", "401");
        String haidian = TestData.residentId("110108", "19450303", "403");
        publish(List.of(haidian, chaoyang), "WIDOWED");

        Drained seen = drain(health, head, 1, "elderly-health-checkup");
        assertThat(seen.subjects()).containsExactly(chaoyang);
        assertThat(page(health, seen.next(), 10, "elderly-health-checkup").getList("changes")).isEmpty();
    }

    @Test
    void whenDepartmentHoldsNoGrantThenChangesAreRefusedAndTheRefusalAudited() {
        given().auth().oauth2(Tokens.token("market-regulation", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(CHANGES)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("no-grant"))
                .body("$", not(hasKey("changes")));
        given().auth().oauth2(Tokens.token("health", "clerk")).queryParam("purpose", PURPOSE)
                .when().get(CHANGES).then().statusCode(403).body("code", equalTo("no-grant"));
        given().auth().oauth2(Tokens.token("market-regulation", "auditor")).queryParam("purpose", PURPOSE)
                .when().get(CHANGES).then().statusCode(403).body("code", equalTo("role-required"));
        given().queryParam("purpose", PURPOSE).when().get(CHANGES).then().statusCode(401);

        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("caller", "market-regulation").queryParam("dataset", MaritalData.DATASET)
                .when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("events[0].action", equalTo("changes"))
                .body("events[0].outcome", equalTo("refused-no-grant"));
    }

    @Test
    void whenChangesAreReadThenEachReturnedSubjectIsAudited() throws Exception {
        String consumer = Tokens.token("public-security", "clerk");
        String head = drain(consumer, null, 500, PURPOSE).next();
        String subject = TestData.residentId("110105", "19830303", "501");
        publish(List.of(subject), "MARRIED");
        assertThat(drain(consumer, head, 10, PURPOSE).subjects()).containsExactly(subject);
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", subject)
                .when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("events[0].action", equalTo("change-read"))
                .body("events[0].department", equalTo("public-security"))
                .body("events[0].fields", equalTo(List.of("divisionCode", "maritalStatus", "residentId")));
    }

    @Test
    void whenCursorOrLimitIsNotValidThenBadRequestNamesTheParameter() {
        for (String bad : List.of("not a cursor!", Base64.getUrlEncoder().encodeToString("v1:99=0".getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().encodeToString("v2:0=1".getBytes(StandardCharsets.UTF_8)))) {
            given().auth().oauth2(OWNER).queryParam("purpose", PURPOSE).queryParam("after", bad)
                    .when().get(CHANGES)
                    .then().statusCode(400).body("code", equalTo("invalid-cursor")).body("errors[0].field", equalTo("after"));
        }
        given().auth().oauth2(OWNER).queryParam("purpose", PURPOSE).queryParam("limit", 0)
                .when().get(CHANGES).then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(OWNER).when().get(CHANGES)
                .then().statusCode(400).body("code", equalTo("purpose-required"));
        given().auth().oauth2(OWNER).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/datasets/no-such.dataset/changes")
                .then().statusCode(404).body("code", equalTo("dataset-not-found"));
    }
}
