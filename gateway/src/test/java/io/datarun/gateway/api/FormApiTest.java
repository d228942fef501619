package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class FormApiTest {
    static final String FORMS = "/api/v1/forms";
    static final String PURPOSE = "minimum-living-allowance";
    static final String CLERK = Tokens.token("civil-affairs", "clerk");

    /** Publishes a resident and waits until the form finds the name. */
    static String resident(String sequence, String name) throws Exception {
        String id = TestData.residentId("110105", "19480302", sequence);
        TestData.publish(TestData.resident(id, name, Integer.parseInt(sequence) % 2 == 1 ? "MALE" : "FEMALE",
                "北京市朝阳区光华路" + sequence + "号"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> prefillRequest("income-survey", id)
                .then().statusCode(200).body("fields.find { it.name == 'name' }.status", equalTo("prefilled")));
        return id;
    }

    static io.restassured.response.Response prefillRequest(String form, String subject) {
        return given().auth().oauth2(CLERK).queryParam("subject", subject).queryParam("purpose", PURPOSE)
                .when().get(FORMS + "/" + form + "/prefill");
    }

    static JsonPath prefill(String form, String subject) {
        return prefillRequest(form, subject).then().statusCode(200).extract().jsonPath();
    }

    static io.restassured.response.Response submit(String form, String subject, String seal, Map<String, Object> values) {
        return given().auth().oauth2(CLERK).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "purpose", PURPOSE, "seal", seal, "values", values))
                .when().post(FORMS + "/" + form + "/submissions");
    }

    @Test
    void whenClerkListsFormsThenEachDefinitionIsShownWithItsSources() {
        given().auth().oauth2(CLERK).when().get(FORMS)
                .then().statusCode(200)
                .body("id", hasItems("income-survey", "allowance-review"))
                .body("find { it.id == 'income-survey' }.title.'zh-CN'", equalTo("收入情况登记"))
                .body("find { it.id == 'allowance-review' }.version", equalTo(2));
        given().auth().oauth2(CLERK).when().get(FORMS + "/income-survey")
                .then().statusCode(200)
                .body("fields.find { it.name == 'householdNumber' }.sources.dataset",
                        equalTo(java.util.List.of("public-security.household-registry", "civil-affairs.minimum-living-allowance")))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.manual.dataset", equalTo("civil-affairs.household-income"))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.constraints.required", equalTo(true));
        given().auth().oauth2(CLERK).when().get(FORMS + "/no-such-form")
                .then().statusCode(404).body("code", equalTo("form-not-found"));
    }

    @Test
    void whenCallerHasNoTokenThen401AndWhenNotAClerkThen403() {
        String publisher = Tokens.token("civil-affairs", "publisher");
        String subject = TestData.residentId("110105", "19480302", "091");
        for (String path : new String[] {FORMS, FORMS + "/income-survey", FORMS + "/income-survey/prefill?subject=" + subject
                + "&purpose=" + PURPOSE}) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2(publisher).when().get(path).then().statusCode(403);
        }
        Map<String, Object> body = Map.of("subject", subject, "purpose", PURPOSE, "seal", "x", "values", Map.of());
        given().contentType(ContentType.JSON).body(body).when().post(FORMS + "/income-survey/submissions")
                .then().statusCode(401);
        given().auth().oauth2(publisher).contentType(ContentType.JSON).body(body)
                .when().post(FORMS + "/income-survey/submissions").then().statusCode(403);
        given().when().get("/api/v1/reports/forms").then().statusCode(401);
        given().auth().oauth2(CLERK).when().get("/api/v1/reports/forms").then().statusCode(403);
        given().auth().oauth2(Tokens.token("civil-affairs", "steward")).when().get("/api/v1/reports/forms")
                .then().statusCode(200);
    }

    @Test
    void whenPrefilledThenEachFieldNamesItsSourceAndWhatTheGrantDoesNotCoverIsWithheldWithoutValue() throws Exception {
        String subject = resident("101", "王建国");

        prefillRequest("income-survey", subject).then().statusCode(200)
                .body("subject", equalTo(subject))
                .body("seal", notNullValue())
                .body("fields.find { it.name == 'name' }.status", equalTo("prefilled"))
                .body("fields.find { it.name == 'name' }.value", equalTo("王建国"))
                .body("fields.find { it.name == 'name' }.source.department", equalTo("public-security"))
                .body("fields.find { it.name == 'name' }.source.dataset", equalTo("public-security.household-registry"))
                .body("fields.find { it.name == 'householdNumber' }.status", equalTo("prefilled"))
                // civil affairs' grant on the registry leaves out ethnicity; it holds no grant on employment
                .body("fields.find { it.name == 'ethnicity' }.status", equalTo("withheld"))
                .body("fields.find { it.name == 'ethnicity' }.value", nullValue())
                .body("fields.find { it.name == 'ethnicity' }.withheldBy", hasItem("public-security.household-registry"))
                .body("fields.find { it.name == 'employer' }.status", equalTo("withheld"))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.status", equalTo("manual"))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.writeBack",
                        equalTo("civil-affairs.household-income.monthlyIncome"))
                .body("summary.withheld", equalTo(2))
                .body(not(containsString("汉族")));
    }

    /** The source datasets are read at once, but each read is still audited, under the prefill's request id. */
    @Test
    void whenPrefilledThenEverySourceDatasetReadIsAuditedUnderThePrefillsRequestId() throws Exception {
        String subject = resident("105", "孙桂英");
        String requestId = "prefill-" + java.util.UUID.randomUUID();
        given().auth().oauth2(CLERK).header("X-Request-Id", requestId).queryParam("subject", subject)
                .queryParam("purpose", PURPOSE).when().get(FORMS + "/income-survey/prefill")
                .then().statusCode(200).header("X-Request-Id", requestId);
        JsonPath audit = given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", subject)
                .when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
        java.util.List<Map<String, Object>> reads = audit.<Map<String, Object>>getList("events").stream()
                .filter(e -> requestId.equals(e.get("requestId"))).toList();
        // income-survey reads the registry, the allowance roll, employment and (read back) household income
        assertThat(reads).extracting(e -> e.get("dataset")).containsExactlyInAnyOrder(
                "public-security.household-registry", "civil-affairs.minimum-living-allowance",
                "human-resources-social-security.employment", "civil-affairs.household-income");
        assertThat(reads).allSatisfy(e -> assertThat(e.get("action")).isEqualTo("read"));
    }

    @Test
    void whenSourcesDisagreeThenTheConflictShowsEverySourcesValue() throws Exception {
        String subject = resident("103", "李桂英");
        FormData.publish(FormData.ALLOWANCE, FormData.allowance(subject, "H-OLD-0001"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> prefillRequest("income-survey", subject)
                .then().statusCode(200)
                .body("fields.find { it.name == 'householdNumber' }.status", equalTo("conflict"))
                .body("fields.find { it.name == 'householdNumber' }.value", nullValue())
                .body("fields.find { it.name == 'householdNumber' }.candidates", hasSize(2))
                .body("fields.find { it.name == 'householdNumber' }.candidates.value",
                        hasItems("H" + subject.substring(0, 8), "H-OLD-0001"))
                .body("fields.find { it.name == 'householdNumber' }.candidates.department",
                        hasItems("public-security", "civil-affairs"))
                .body("fields.find { it.name == 'householdNumber' }.candidates.find { it.dataset == '"
                        + FormData.ALLOWANCE + "' }.updatedAt", notNullValue()));

        JsonPath filled = prefill("income-survey", subject);
        submit("income-survey", subject, filled.getString("seal"), Map.of("householdNumber", "H-TYPED-9999",
                "monthlyIncomeYuan", 800)).then().statusCode(409).body("code", equalTo("locked-field-changed"));
        submit("income-survey", subject, filled.getString("seal"), Map.of("householdNumber", "H-OLD-0001",
                "monthlyIncomeYuan", 800)).then().statusCode(201);
    }

    @Test
    void whenAPrefilledFieldIsChangedThenTheSubmissionIsRefusedAndPointsToADispute() throws Exception {
        String subject = resident("105", "赵淑兰");
        String seal = prefill("income-survey", subject).getString("seal");

        submit("income-survey", subject, seal, Map.of("name", "赵淑芬", "monthlyIncomeYuan", 1200))
                .then().statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("locked-field-changed"))
                .body("errors.field", hasItem("name"))
                .body("detail", containsString("POST /api/v1/disputes"));
    }

    @Test
    void whenTheSealIsTamperedOrForAnotherSubjectThenTheSubmissionIsRefused() throws Exception {
        String subject = resident("107", "孙志强");
        String other = resident("109", "周玉梅");
        String seal = prefill("income-survey", subject).getString("seal");

        submit("income-survey", subject, seal.substring(0, seal.length() - 2) + "AA", Map.of("monthlyIncomeYuan", 1))
                .then().statusCode(422).body("code", equalTo("seal-invalid"));
        submit("income-survey", other, seal, Map.of("monthlyIncomeYuan", 1))
                .then().statusCode(422).body("code", equalTo("seal-mismatch"));
        submit("allowance-review", subject, seal, Map.of())
                .then().statusCode(422).body("code", equalTo("seal-mismatch"));
    }

    @Test
    void whenTypedValuesBreakTheirConstraintsThen422NamesEachFieldAndNothingIsPublished() throws Exception {
        String subject = resident("111", "吴德明");
        String seal = prefill("income-survey", subject).getString("seal");

        submit("income-survey", subject, seal, Map.of("monthlyIncomeYuan", -5, "householdSize", "two"))
                .then().statusCode(422)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", hasItems("monthlyIncomeYuan", "householdSize"));
        submit("income-survey", subject, seal, Map.of("householdSize", 2))
                .then().statusCode(422).body("errors.find { it.field == 'monthlyIncomeYuan' }.code", equalTo("required"));
        submit("income-survey", subject, seal, Map.of("monthlyIncomeYuan", 1, "salary", 3))
                .then().statusCode(400).body("code", equalTo("unknown-form-field"));
        // a submission is published (or not) before it is answered: the topic itself, read to its end, is the proof
        assertThat(CommittedTopic.latest(Topics.records("civil-affairs.household-income"))).doesNotContainKey(subject);
        prefillRequest("allowance-review", subject).then().statusCode(200)
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.status", equalTo("manual"));
    }

    @Test
    void whenIncomeIsTypedIntoOneFormThenTheNextFormFindsItPrefilledFromCivilAffairs() throws Exception {
        String subject = resident("113", "郑秀珍");
        JsonPath formA = prefill("income-survey", subject);
        assertManual(prefill("allowance-review", subject), "monthlyIncomeYuan");

        Map<String, Object> values = new HashMap<>();
        values.put("name", "郑秀珍"); // locked and unchanged: accepted
        values.put("monthlyIncomeYuan", 1234.5);
        values.put("householdSize", 3);
        submit("income-survey", subject, formA.getString("seal"), values)
                .then().statusCode(201)
                .body("published[0].dataset", equalTo("civil-affairs.household-income"))
                .body("published[0].recordId", notNullValue())
                .body("typed", equalTo(2))
                .body("prefilled", equalTo(formA.getInt("summary.prefilled")))
                .body("keystrokesSaved", greaterThanOrEqualTo(subject.length() + 3));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> prefillRequest("allowance-review", subject)
                .then().statusCode(200)
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.status", equalTo("prefilled"))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.value", equalTo(1234.5f))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.source.dataset",
                        equalTo("civil-affairs.household-income"))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.source.department", equalTo("civil-affairs"))
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.source.updatedAt", notNullValue()));
        // form A reads back what it wrote: typed once, never again
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> prefillRequest("income-survey", subject)
                .then().statusCode(200)
                .body("fields.find { it.name == 'householdSize' }.status", equalTo("prefilled"))
                .body("fields.find { it.name == 'householdSize' }.value", equalTo(3)));

        // typing the bank account into form B keeps the income form A published
        String sealB = prefill("allowance-review", subject).getString("seal");
        submit("allowance-review", subject, sealB, Map.of("bankAccount", "6222020200112233445"))
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(CLERK)
                .queryParam("purpose", PURPOSE)
                .when().get("/api/v1/datasets/civil-affairs.household-income/records/" + subject)
                .then().statusCode(200)
                .body("fields.bankAccount", equalTo("6222020200112233445"))
                .body("fields.monthlyIncomeYuan", equalTo(1234.5f))
                .body("fields.householdSize", equalTo(3))
                .body("fields.divisionCode", equalTo("110105")));

        String admin = Tokens.token("ops", "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .when().get("/api/v1/reports/forms")
                .then().statusCode(200)
                .body("forms.find { it.form == 'income-survey' }.submissions", greaterThanOrEqualTo(1))
                .body("forms.find { it.form == 'income-survey' }.title.'zh-CN'", equalTo("收入情况登记"))
                .body("forms.find { it.form == 'income-survey' }.clerks.find { it.clerk == 'user-civil-affairs' }.department",
                        equalTo("civil-affairs"))
                .body("forms.find { it.form == 'income-survey' }.keystrokesSaved", greaterThanOrEqualTo(18))
                .body("forms.find { it.form == 'allowance-review' }.typed", greaterThanOrEqualTo(1)));
    }

    @Test
    void whenAnotherDepartmentsClerkSubmitsTypedFieldsThenTheWriteBackIsRefused() throws Exception {
        String subject = resident("117", "冯春花");
        String health = Tokens.token("health", "clerk");
        String seal = given().auth().oauth2(health).queryParam("subject", subject).queryParam("purpose", PURPOSE)
                .when().get(FORMS + "/income-survey/prefill")
                .then().statusCode(200)
                // health holds no grant for this purpose: nothing is shown, nothing leaks
                .body("fields.find { it.name == 'name' }.status", equalTo("withheld"))
                .body("fields.find { it.name == 'name' }.value", nullValue())
                .extract().path("seal");

        given().auth().oauth2(health).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "purpose", PURPOSE, "seal", seal, "values", Map.of("monthlyIncomeYuan", 900)))
                .when().post(FORMS + "/income-survey/submissions")
                .then().statusCode(403).body("code", equalTo("not-owner"));
    }

    @Test
    void whenTheWrittenRecordCannotBeCompletedThenItIsDeadLetteredAnd422NamesTheMissingField() throws Exception {
        String subject = resident("119", "褚国华");
        String seal = prefill("allowance-review", subject).getString("seal");

        // allowance-review reads no division and the clerk's token names none: the record lacks divisionCode
        submit("allowance-review", subject, seal, Map.of("bankAccount", "6222020200119119119"))
                .then().statusCode(422)
                .body("code", equalTo("validation-failed"))
                .body("errors.field", hasItem("divisionCode"));
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                        "bootstrap.servers", KafkaTestResource.bootstrapServers(), "isolation.level", "read_committed",
                        "auto.offset.reset", "earliest", "group.id", "form-dlq-" + System.nanoTime()),
                        new org.apache.kafka.common.serialization.StringDeserializer(),
                        new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.subscribe(java.util.List.of(io.datarun.schemas.wire.Topics.deadLetters("civil-affairs.household-income")));
            java.util.List<String> letters = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> letters.add(r.value()));
                return letters.stream().anyMatch(v -> v.contains(subject) && v.contains("divisionCode"));
            });
        }

        // with a division in the clerk's token the same submission publishes
        String clerk = Tokens.withDivisions("civil-affairs", java.util.List.of("110105"), "clerk");
        String seal2 = given().auth().oauth2(clerk).queryParam("subject", subject).queryParam("purpose", PURPOSE)
                .when().get(FORMS + "/allowance-review/prefill").then().statusCode(200).extract().path("seal");
        given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "purpose", PURPOSE, "seal", seal2,
                        "values", Map.of("bankAccount", "6222020200119119119")))
                .when().post(FORMS + "/allowance-review/submissions")
                .then().statusCode(201).body("published[0].dataset", equalTo("civil-affairs.household-income"));
    }

    @Test
    void whenTheSubjectOrPurposeIsMissingOrInvalidThen400() {
        given().auth().oauth2(CLERK).queryParam("subject", "110105194803021234").queryParam("purpose", PURPOSE)
                .when().get(FORMS + "/income-survey/prefill")
                .then().statusCode(400).body("code", equalTo("invalid-subject-id"));
        given().auth().oauth2(CLERK).queryParam("subject", TestData.residentId("110105", "19480302", "115"))
                .when().get(FORMS + "/income-survey/prefill")
                .then().statusCode(400).body("code", equalTo("purpose-required"));
    }

    private static void assertManual(JsonPath form, String field) {
        org.assertj.core.api.Assertions.assertThat(form.getString("fields.find { it.name == '" + field + "' }.status"))
                .isEqualTo("manual");
    }
}
