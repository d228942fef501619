package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Amounts on forms are exact: a field reading {@code civil-affairs.household-income.monthlyIncome} (an
 * Avro decimal, yuan to the fen) prefills {@code 980.10}, never a double's {@code 980.1000000001}; a
 * record from before the decimal existed (only {@code monthlyIncomeYuan}, a double) still prefills, at
 * the decimal's scale, and its source says it stood in. The test forms read
 * {@code [monthlyIncome, monthlyIncomeYuan]} as the shipped forms do.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class FormAmountsTest {
    static final String INCOME = "civil-affairs.household-income";
    static final String FIELD = "fields.find { it.name == 'monthlyIncomeYuan' }";

    static Map<String, Object> income(String residentId, Object exact, Object yuan) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("residentId", residentId);
        raw.put("monthlyIncome", exact);
        raw.put("monthlyIncomeYuan", yuan);
        raw.put("householdSize", 2);
        raw.put("divisionCode", residentId.substring(0, 6));
        raw.put("updatedAt", "2026-11-21T09:30:00");
        return raw;
    }

    static String prefillText(String form, String subject) {
        return FormApiTest.prefillRequest(form, subject).then().statusCode(200).extract().asString();
    }

    @Test
    void whenTheRecordHoldsTheDecimalThenTheFormPrefillsItExactlyToTheFen() throws Exception {
        String subject = FormApiTest.resident("301", "钱秀兰");
        // the double beside it is off in its last digits, as a sum of doubles is: the decimal is what counts
        FormData.publish(INCOME, income(subject, "980.10", 980.1000000001));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> FormApiTest.prefillRequest("allowance-review", subject)
                .then().statusCode(200)
                .body(FIELD + ".status", equalTo("prefilled"))
                .body(FIELD + ".source.dataset", equalTo(INCOME))
                .body(FIELD + ".source.field", equalTo("monthlyIncome"))
                .body(FIELD + ".source.fallbackFor", nullValue())
                // one record, two spellings of one amount: no conflict with itself
                .body(FIELD + ".candidates", nullValue()));
        String text = prefillText("allowance-review", subject);
        assertThat(text).contains("\"value\":980.10").doesNotContain("980.1000000001");
        // the definition tells a client how many decimals to show
        given().auth().oauth2(FormApiTest.CLERK).when().get(FormApiTest.FORMS + "/allowance-review").then().statusCode(200)
                .body("fields.find { it.name == 'monthlyIncomeYuan' }.scale", equalTo(2))
                .body("fields.find { it.name == 'name' }.scale", nullValue());
    }

    @Test
    void whenAnOlderRecordHoldsOnlyTheDoubleThenTheFormStillPrefillsItAtTheDecimalsScaleAndSaysSo() throws Exception {
        String subject = FormApiTest.resident("303", "孙红梅");
        // what a record written before v2 reads as: no decimal, the double only
        FormData.publish(INCOME, income(subject, null, 980.1000000001));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> FormApiTest.prefillRequest("allowance-review", subject)
                .then().statusCode(200)
                .body(FIELD + ".status", equalTo("prefilled"))
                .body(FIELD + ".source.field", equalTo("monthlyIncomeYuan"))
                .body(FIELD + ".source.fallbackFor", equalTo("monthlyIncome")));
        assertThat(prefillText("allowance-review", subject)).contains("\"value\":980.10").doesNotContain("980.1000000001");
    }

    @Test
    void whenAnAmountIsTypedThenBothSpellingsArePublishedExactlyAndMoreDecimalsThanTheFenAreRefused() throws Exception {
        String subject = FormApiTest.resident("305", "周建华");
        String seal = FormApiTest.prefill("income-survey", subject).getString("seal");

        FormApiTest.submit("income-survey", subject, seal, Map.of("monthlyIncomeYuan", 12.345, "householdSize", 2))
                .then().statusCode(422)
                .body("code", equalTo("validation-failed"))
                .body("errors.find { it.field == 'monthlyIncomeYuan' }.code", equalTo("type.decimal-scale"));

        FormApiTest.submit("income-survey", subject, seal, Map.of("monthlyIncomeYuan", 1234.5, "householdSize", 2))
                .then().statusCode(201);
        // the decimal and the double a v1 reader reads are written together, so neither is left stale
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().auth().oauth2(FormApiTest.CLERK)
                .queryParam("purpose", FormApiTest.PURPOSE)
                .when().get("/api/v1/datasets/" + INCOME + "/records/" + subject)
                .then().statusCode(200).extract().asString())
                .contains("\"monthlyIncome\":1234.50").contains("\"monthlyIncomeYuan\":1234.5"));
    }
}
