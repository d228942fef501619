package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Given a certificate, the gateway serves the API, the health checks and the clerk UI over HTTPS,
 * verified against that certificate (no "trust all").
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class HttpsTest {
    @TestHTTPResource(value = "/", tls = true)
    URL https;

    RequestSpecification overTls() {
        return given().baseUri(https.toString()).config(io.restassured.RestAssured.config().sslConfig(
                SSLConfig.sslConfig().trustStore(TlsProfile.TRUST.toAbsolutePath().toString(), TlsProfile.PASSWORD)
                        .trustStoreType("PKCS12")));
    }

    @Test
    void theApiAnswersOverTlsWithTheOperatorsCertificate() {
        org.assertj.core.api.Assertions.assertThat(https.getProtocol()).isEqualTo("https");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                overTls().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        overTls().auth().oauth2(Tokens.token("civil-affairs", "clerk")).when().get("/api/v1/datasets")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.greaterThan(0));
        overTls().when().get("/api/v1/datasets").then().statusCode(401);
    }

    @Test
    void theClerkUiIsServedOverTlsAndCallsTheApiOnItsOwnOrigin() {
        overTls().when().get("/ui/").then().statusCode(200).body(containsString("<html"));
        overTls().when().get("/ui/settings").then().statusCode(200);
        // the page's script calls the API on its own origin (relative paths), so it works over https as it is
        overTls().when().get("/ui/app.js").then().statusCode(200).body(containsString("fetch(API + path"))
                .body(org.hamcrest.Matchers.not(containsString("http://127.0.0.1")))
                .body(org.hamcrest.Matchers.not(containsString("http://localhost")));
    }
}
