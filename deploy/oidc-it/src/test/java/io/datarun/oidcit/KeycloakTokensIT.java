package io.datarun.oidcit;

import static io.datarun.testkit.TestResidents.resident;
import static io.datarun.testkit.TestResidents.residentId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OIDC path against a real provider: Keycloak issues access tokens by the password grant from
 * the realm in {@code deploy/keycloak}, and the packaged gateway, configured only with the realm's
 * JWKS URL, issuer and the audience {@code datarun}, authorizes reads by the claims Keycloak put in
 * them ({@code dept}, {@code groups}, {@code divisions}) against {@code deploy/config/grants.yaml}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakTokensIT {
    @RegisterExtension
    static final OidcStack STACK = new OidcStack();

    static final String RECORDS = "/api/v1/datasets/" + OidcStack.DATASET + "/records/";
    /** Registered in Dongcheng district (110101): outside Chaoyang. */
    static final String DONGCHENG = residentId("110101", "19520314", "013");
    /** Registered in Chaoyang district (110105). */
    static final String CHAOYANG = residentId("110105", "19480702", "024");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String caClerk;
    private static String healthClerk;

    @BeforeAll
    static void publishResidentsAndLogIn() throws Exception {
        STACK.publish(List.of(resident(DONGCHENG, "赵建国", "MALE", "北京市东城区东华门街道1号"),
                resident(CHAOYANG, "钱淑芬", "FEMALE", "北京市朝阳区建外街道2号")));
        caClerk = token("ca-clerk");
        healthClerk = token("health-clerk");
        // the gateway serves a record once its store has read it from the topic
        await("published residents served").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(caClerk, RECORDS + CHAOYANG, "minimum-living-allowance").statusCode() == 200
                        && get(caClerk, RECORDS + DONGCHENG, "minimum-living-allowance").statusCode() == 200);
    }

    @Test
    @Order(1)
    void keycloakPutsDeptGroupsDivisionsAndAudienceIntoTheAccessToken() throws IOException {
        JsonNode clerk = claims(caClerk);
        assertThat(clerk.path("iss").asText()).isEqualTo(STACK.keycloak().realmUrl(OidcStack.REALM));
        assertThat(audiences(clerk)).contains("datarun");
        assertThat(clerk.path("dept").isTextual()).as("dept is a plain string").isTrue();
        assertThat(clerk.path("dept").asText()).isEqualTo("civil-affairs");
        assertThat(texts(clerk.path("groups"))).contains("clerk").doesNotContain("admin", "steward", "publisher", "auditor");
        assertThat(clerk.has("divisions")).as("no divisions attribute, no claim").isFalse();
        assertThat(clerk.path("sub").asText()).isNotBlank();

        JsonNode health = claims(healthClerk);
        assertThat(health.path("dept").asText()).isEqualTo("health");
        assertThat(health.path("divisions").isArray()).as("divisions is a JSON array").isTrue();
        assertThat(texts(health.path("divisions"))).containsExactly("110105");
    }

    @Test
    @Order(2)
    void civilAffairsClerkReadsTheRecordWithEthnicityWithheld() throws IOException {
        Reply reply = get(caClerk, RECORDS + DONGCHENG, "minimum-living-allowance");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("fields").path("residentId").asText()).isEqualTo(DONGCHENG);
        assertThat(body.path("fields").path("name").asText()).isEqualTo("赵建国");
        assertThat(body.path("fields").path("householdNumber").asText()).isEqualTo("H" + DONGCHENG.substring(0, 8));
        assertThat(body.path("fields").has("ethnicity")).as("ethnicity is not granted to civil affairs").isFalse();
        assertThat(texts(body.path("withheld"))).contains("ethnicity");
    }

    @Test
    @Order(3)
    void healthClerkLimitedToChaoyangReadsOnlyChaoyangResidents() throws IOException {
        Reply outside = get(healthClerk, RECORDS + DONGCHENG, "elderly-health-checkup");
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(404);
        assertThat(outside.body()).doesNotContain("赵建国");

        Reply inside = get(healthClerk, RECORDS + CHAOYANG, "elderly-health-checkup");
        assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
        JsonNode fields = inside.json().path("fields");
        assertThat(fields.path("name").asText()).isEqualTo("钱淑芬");
        assertThat(fields.has("householdNumber")).as("not in health's grant").isFalse();
    }

    @Test
    @Order(4)
    void divisionsClaimFromKeycloakLimitsAClerkWhoseGrantHasNoDivisionLimit() {
        // civil affairs' grant reaches every division: only the token's divisions claim can refuse here
        String chaoyangClerk = token(OidcStack.CHAOYANG_CA_CLERK);
        Reply outside = get(chaoyangClerk, RECORDS + DONGCHENG, "minimum-living-allowance");
        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(404);
        Reply inside = get(chaoyangClerk, RECORDS + CHAOYANG, "minimum-living-allowance");
        assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void rolesComeFromKeycloakRealmRoles() throws IOException {
        // the publisher of the owner department reads its own dataset in full
        Reply own = get(token("ps-publisher"), RECORDS + DONGCHENG, "minimum-living-allowance");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.json().path("fields").path("ethnicity").asText()).isEqualTo("汉族");
        // the usage report is for admins and stewards, not clerks
        Reply admin = get(token("datarun-admin"), "/api/v1/reports/usage", null);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        Reply clerk = get(caClerk, "/api/v1/reports/usage", null);
        assertThat(clerk.statusCode()).as(clerk.body()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void tokenOfAnotherRealmIsRefused() {
        String foreign = STACK.keycloak().passwordGrant(OidcStack.OTHER_REALM, OidcStack.LOGIN_CLIENT, "ca-clerk",
                OidcStack.password("ca-clerk"));
        Reply reply = get(foreign, RECORDS + DONGCHENG, "minimum-living-allowance");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
        assertThat(reply.body()).doesNotContain("赵建国");
    }

    @Test
    @Order(7)
    void tokenWithoutTheDatarunAudienceIsRefused() throws IOException {
        String token = STACK.keycloak().passwordGrant(OidcStack.REALM, OidcStack.NO_AUDIENCE_CLIENT, "ca-clerk",
                OidcStack.password("ca-clerk"));
        assertThat(audiences(claims(token))).doesNotContain("datarun");
        Reply reply = get(token, RECORDS + DONGCHENG, "minimum-living-allowance");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
        assertThat(reply.body()).doesNotContain("赵建国");
    }

    @Test
    @Order(8)
    void noTokenIsRefused() {
        Reply reply = get(null, RECORDS + DONGCHENG, "minimum-living-allowance");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
        assertThat(reply.body()).doesNotContain("赵建国");
    }

    // ---- helpers

    private static String token(String username) {
        return STACK.keycloak().passwordGrant(OidcStack.REALM, OidcStack.LOGIN_CLIENT, username, OidcStack.password(username));
    }

    record Reply(int statusCode, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Reply get(String token, String path, String purpose) {
        String uri = STACK.gatewayUrl() + path + (purpose == null ? "" : "?purpose=" + purpose);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = ChildProcess.HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The token's payload, unverified: only to show what Keycloak put in it. */
    private static JsonNode claims(String token) throws IOException {
        String payload = token.split("\\.")[1];
        return JSON.readTree(Base64.getUrlDecoder().decode(payload));
    }

    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        return aud.isArray() ? texts(aud) : aud.isMissingNode() ? List.of() : List.of(aud.asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
