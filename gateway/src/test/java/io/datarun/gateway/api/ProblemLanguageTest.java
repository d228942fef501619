package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Problem answers speak the caller's language (Accept-Language); codes and field names never change. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class ProblemLanguageTest {
    static final String CLERK = Tokens.token("civil-affairs", "clerk");
    static final String BAD_ID = "/api/v1/datasets/" + TestData.DATASET + "/records/110101195803215031?purpose=minimum-living-allowance";

    @Test
    void whenTheCallerPrefersChineseThenDetailTitleAndEachViolationAreInChinese() {
        given().auth().oauth2(CLERK).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5").when().get(BAD_ID).then()
                .statusCode(400).header("Content-Language", "zh-CN")
                .body("code", equalTo("invalid-subject-id"))
                .body("title", equalTo("请求有误"))
                .body("detail", equalTo("对象标识无效。"))
                .body("errors[0].code", equalTo("resident-id.checksum"))
                .body("errors[0].message", equalTo("校验码错误（GB 11643）"));
        given().auth().oauth2(CLERK).header("Accept-Language", "zh-CN").when()
                .get("/api/v1/datasets/" + TestData.DATASET + "/records/110101195803215030").then()
                .statusCode(400).body("code", equalTo("purpose-required")).body("detail", equalTo("每次读取须说明使用目的。"))
                .body("errors[0].message", equalTo("不能为空"));
        given().header("Accept-Language", "zh-CN").when().get("/api/v1/forms").then()
                .statusCode(401).body("detail", equalTo("需要有效的访问令牌，请重新登录。"));
    }

    @Test
    void whenTheCallerPrefersEnglishOrSaysNothingThenTheAnswerIsEnglish() {
        for (String language : new String[] {"en-GB,en;q=0.9,zh-CN;q=0.5", null}) {
            var request = given().auth().oauth2(CLERK);
            if (language != null) {
                request = request.header("Accept-Language", language);
            }
            request.when().get(BAD_ID).then().statusCode(400).header("Content-Language", "en")
                    .body("code", equalTo("invalid-subject-id"))
                    .body("errors[0].code", equalTo("resident-id.checksum"))
                    .body("errors[0].message", org.hamcrest.Matchers.containsString("GB 11643"))
                    .body("errors[0].message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("校验")));
        }
    }
}
