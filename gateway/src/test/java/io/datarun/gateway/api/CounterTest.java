package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The clerk at the counter (issue 15, items 3–5), on the test form roll-check: 未在保 only where the
 * grant reaches, corrections of the clerk's own department's values, the household's members.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class CounterTest {
    static final String FORM = "/api/v1/forms/roll-check";
    static final String PURPOSE = "minimum-living-allowance";
    static final String CLERK = Tokens.token("civil-affairs", "clerk");
    static final String STATUS = "fields.find { it.name == 'allowanceStatus' }";

    static String resident(String region, String sequence, String name, String household) throws Exception {
        String id = TestData.residentId(region, "19520608", sequence);
        Map<String, Object> raw = new LinkedHashMap<>(TestData.resident(id, name,
                Integer.parseInt(sequence) % 2 == 1 ? "MALE" : "FEMALE", "北京市某区某路" + sequence + "号"));
        raw.put("householdNumber", household);
        raw.put("ethnicity", "CANARY-ETHNICITY-COUNTER");
        TestData.publish(raw);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(Tokens.token("public-security", "clerk"))
                .queryParam("purpose", PURPOSE).when().get("/api/v1/datasets/" + TestData.DATASET + "/records/" + id)
                .then().statusCode(200));
        return id;
    }

    static JsonPath prefill(String token, String subject) {
        return given().auth().oauth2(token).queryParam("subject", subject).queryParam("purpose", PURPOSE)
                .when().get(FORM + "/prefill").then().statusCode(200).extract().jsonPath();
    }

    static io.restassured.response.Response submit(String subject, String seal, Map<String, Object> values,
            Map<String, String> corrections, String language) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("subject", subject, "purpose", PURPOSE, "seal", seal,
                "values", values));
        if (corrections != null) {
            body.put("corrections", corrections);
        }
        return given().auth().oauth2(CLERK).header("Accept-Language", language).contentType(ContentType.JSON).body(body)
                .when().post(FORM + "/submissions");
    }

    @Test
    void whenTheRollHasNoRecordOfASubjectTheGrantReachesThenTheFieldSaysAbsentNotToBeTyped() throws Exception {
        String subject = resident("110105", "601", "韩立新", "HH-COUNTER-601");
        JsonPath form = prefill(CLERK, subject);
        assertThat(form.getString(STATUS + ".status")).isEqualTo("absent");
        assertThat(form.getString(STATUS + ".absentLabel.'zh-CN'")).isEqualTo("未在保");
        assertThat(form.getList(STATUS + ".absentIn")).containsExactly(FormData.ALLOWANCE);
        assertThat(form.getString(STATUS + ".value")).isNull();
        assertThat(form.getInt("summary.absent")).isEqualTo(1);
        assertThat(form.getInt("summary.manual")).isEqualTo(1); // the bank account, nobody knows it yet

        // "no record" is an answer: typing a status is refused, naming the field
        submit(subject, form.getString("seal"), Map.of("allowanceStatus", "ACTIVE"), null, "en")
                .then().statusCode(409).body("code", equalTo("locked-field-changed"))
                .body("errors.field", equalTo(List.of("allowanceStatus")));

        // once on the roll, the status is prefilled from it
        FormData.publish(FormData.ALLOWANCE, FormData.allowance(subject, "HH-COUNTER-601"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(CLERK)
                .queryParam("subject", subject).queryParam("purpose", PURPOSE).when().get(FORM + "/prefill")
                .then().statusCode(200).body(STATUS + ".status", equalTo("prefilled")).body(STATUS + ".value", equalTo("ACTIVE")));
    }

    @Test
    void whenTheCallerHasNoGrantOrTheSubjectIsOutOfItsDivisionThenAbsentAndOnTheRollLookAlike() throws Exception {
        String absent = resident("110105", "603", "杨春梅", "HH-COUNTER-603");
        String onRoll = resident("110105", "605", "杨秋生", "HH-COUNTER-605");
        FormData.publish(FormData.ALLOWANCE, FormData.allowance(onRoll, "HH-COUNTER-605"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prefill(CLERK, onRoll)
                .getString(STATUS + ".status")).isEqualTo("prefilled"));
        assertThat(prefill(CLERK, absent).getString(STATUS + ".status")).isEqualTo("absent");

        List<String> outOfReach = List.of(
                Tokens.withDivisions("civil-affairs", List.of("110101"), "clerk"), // the token reaches Dongcheng only
                Tokens.token("health", "clerk"), // no grant for this purpose
                Tokens.token("public-security", "clerk")); // reads the registry, holds no grant on the roll
        for (String token : outOfReach) {
            JsonPath a = prefill(token, absent);
            JsonPath b = prefill(token, onRoll);
            Map<String, Object> fieldA = a.getMap(STATUS);
            assertThat(fieldA).as("the answer for a subject not on the roll").isEqualTo(b.getMap(STATUS));
            assertThat(fieldA.get("status")).isIn("manual", "withheld");
            assertThat(a.getMap("summary")).isEqualTo(b.getMap("summary"));
        }
    }

    @Test
    void whenTheClerksOwnDepartmentTypedAValueThenItIsCorrectedWithAReasonAndOthersStayLocked() throws Exception {
        String subject = resident("110105", "607", "许建国", "HH-COUNTER-607");
        Map<String, Object> income = new LinkedHashMap<>();
        income.put("residentId", subject);
        income.put("bankAccount", "6222020200607607607");
        income.put("divisionCode", "110105");
        income.put("updatedAt", "2026-11-21T09:30:00");
        FormData.publish("civil-affairs.household-income", income);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prefill(CLERK, subject)
                .getString("fields.find { it.name == 'bankAccount' }.status")).isEqualTo("prefilled"));
        JsonPath form = prefill(CLERK, subject);
        assertThat(form.getBoolean("fields.find { it.name == 'bankAccount' }.correctable")).isTrue();
        assertThat(form.getString("fields.find { it.name == 'bankAccount' }.writeBack"))
                .isEqualTo("civil-affairs.household-income.bankAccount");
        assertThat(form.getString("fields.find { it.name == 'householdNumber' }.correctable")).isNull();
        String seal = form.getString("seal");

        // another department's value stays locked, reason or not
        submit(subject, seal, Map.of("householdNumber", "HH-OTHER"), Map.of("householdNumber", "搬家了"), "zh-CN")
                .then().statusCode(409).body("code", equalTo("locked-field-changed"))
                .body("errors.field", equalTo(List.of("householdNumber")))
                .body("detail", containsString("异议"));
        // the department's own value: a correction needs its reason
        submit(subject, seal, Map.of("bankAccount", "6222020200607000001"), null, "zh-CN")
                .then().statusCode(422).body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("bankAccount"))
                .body("errors[0].code", equalTo("correction-reason-required"))
                .body("errors[0].message", containsString("理由"));
        submit(subject, seal, Map.of("bankAccount", "12"), Map.of("bankAccount", "申请人更换了银行卡"), "en")
                .then().statusCode(422).body("errors[0].field", equalTo("bankAccount"));

        submit(subject, seal, Map.of("bankAccount", "6222020200607000001"), Map.of("bankAccount", "申请人更换了银行卡"), "en")
                .then().statusCode(201)
                .body("corrected", equalTo(List.of("bankAccount")))
                .body("published[0].dataset", equalTo("civil-affairs.household-income"))
                .body("published[0].fields", hasItem("bankAccount"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(CLERK).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/datasets/civil-affairs.household-income/records/" + subject)
                .then().statusCode(200).body("fields.bankAccount", equalTo("6222020200607000001")));
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", subject)
                .when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("events.find { it.action == 'form-submission' }.detail",
                        containsString("corrected=bankAccount reason=\"申请人更换了银行卡\""))
                .body("events.find { it.action == 'form-submission' }.outcome", equalTo("accepted"));
    }

    @Test
    void theHouseholdListsTheMembersTheGrantShowsAndEachMemberShownIsAnAuditedRead() throws Exception {
        String applicant = resident("110105", "611", "马德华", "HH-COUNTER-611");
        String spouse = resident("110105", "612", "马李氏", "HH-COUNTER-611");
        String elsewhere = resident("110101", "613", "马小东", "HH-COUNTER-611");
        resident("110105", "615", "邻居", "HH-COUNTER-615");

        given().auth().oauth2(CLERK).queryParam("subject", applicant).queryParam("purpose", PURPOSE)
                .when().get(FORM + "/household")
                .then().statusCode(200)
                .body("value", equalTo("HH-COUNTER-611"))
                .body("complete", equalTo(true))
                .body("label.'zh-CN'", equalTo("家庭成员"))
                .body("members.subjectId", equalTo(List.of(elsewhere, spouse).stream().sorted().toList()))
                .body("members.find { it.subjectId == '" + spouse + "' }.fields.name", equalTo("马李氏"))
                .body("members.find { it.subjectId == '" + spouse + "' }.fields.birthDate", equalTo("1952-06-08"))
                .body("fieldLabels.name.'zh-CN'", equalTo("姓名"))
                // ethnicity is asked for by the form but not granted to civil affairs
                .body(not(containsString("CANARY-ETHNICITY-COUNTER")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("subject", spouse).when().get("/api/v1/audit")
                .then().statusCode(200).body("events[0].action", equalTo("read"))
                .body("events[0].department", equalTo("civil-affairs")).body("events[0].purpose", equalTo(PURPOSE)));

        // a clerk whose token reaches Chaoyang only does not see the member registered in Dongcheng
        given().auth().oauth2(Tokens.withDivisions("civil-affairs", List.of("110105"), "clerk"))
                .queryParam("subject", applicant).queryParam("purpose", PURPOSE).when().get(FORM + "/household")
                .then().statusCode(200).body("members.subjectId", equalTo(List.of(spouse)));
        // no grant, no household; a form without one has none
        given().auth().oauth2(Tokens.token("health", "clerk")).queryParam("subject", applicant).queryParam("purpose", PURPOSE)
                .when().get(FORM + "/household").then().statusCode(403).body("code", equalTo("no-grant"));
        // the applicant's read is in the audit trail with the members' (committed with them), and so is the refusal
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", applicant)
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("events.findAll { it.department == 'civil-affairs' && it.action == 'read' }.outcome", hasItem("ok"))
                .body("events.findAll { it.department == 'health' }.outcome", equalTo(List.of("refused-no-grant")));
        given().auth().oauth2(CLERK).queryParam("subject", applicant).queryParam("purpose", PURPOSE)
                .when().get("/api/v1/forms/income-survey/household").then().statusCode(404).body("code", equalTo("form-not-found"));
        given().queryParam("subject", applicant).queryParam("purpose", PURPOSE)
                .when().get(FORM + "/household").then().statusCode(401).body("value", nullValue());

        // the household follows the registry: who moves out leaves it, who moves in joins it
        resident("110105", "612", "马李氏", "HH-COUNTER-615");
        String neighbour = resident("110105", "615", "邻居", "HH-COUNTER-611");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(CLERK)
                .queryParam("subject", applicant).queryParam("purpose", PURPOSE).when().get(FORM + "/household")
                .then().statusCode(200).body("members.subjectId", equalTo(List.of(elsewhere, neighbour).stream().sorted().toList())));
    }
}
