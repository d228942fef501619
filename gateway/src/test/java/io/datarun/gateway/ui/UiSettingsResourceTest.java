package io.datarun.gateway.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.datarun.gateway.api.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class UiSettingsResourceTest {

    @Test
    void whenPageAsksWithoutTokenThenItLearnsHowToSignInAndNothingElse() {
        given().when().get("/ui/settings")
                .then().statusCode(200)
                .body("devTokenSignIn", equalTo(true))
                .body("oidc", nullValue())
                .body("oidcProblem", nullValue());
    }

    @Test
    void whenSomeoneOpensTheGatewaysAddressThenTheyAreSentToTheUi() {
        given().redirects().follow(false).when().get("/")
                .then().statusCode(303).header("Location", endsWith("/ui/"));
        given().when().get("/ui/app.js").then().statusCode(200);
    }

    @Test
    void whenSettingsEndpointExistsThenTheStaticUiIsStillServed() {
        given().when().get("/ui/")
                .then().statusCode(200)
                .body(containsString("<script type=\"module\" src=\"app.js\"></script>"));
    }
}
