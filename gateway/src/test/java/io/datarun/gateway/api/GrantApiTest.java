package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.grants.GrantLog;
import io.datarun.gateway.grants.GrantRegistry;
import io.datarun.gateway.grants.GrantSignature;
import io.datarun.gateway.grants.GrantValidator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grants API end to end: who may manage which grants, validation, and that a grant made
 * through the API governs reads at once — on this gateway, on another replica reading the same
 * grants topic, and after that replica restarts.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class GrantApiTest {
    @Inject
    GrantValidator validator;
    static final String GRANTS = "/api/v1/grants";
    static final String SUBJECT = TestData.residentId("110105", "19550303", "031");
    static final String RECORD = "/api/v1/datasets/" + TestData.DATASET + "/records/" + SUBJECT;
    static final String PURPOSE = "minimum-living-allowance";
    static final String OWNER_STEWARD = Tokens.token("public-security", "steward");

    @BeforeAll
    static void publish() throws Exception {
        TestData.publish(TestData.resident(SUBJECT, "王建华", "MALE", "北京市朝阳区光华路1号"));
    }

    @org.junit.jupiter.api.BeforeEach
    void served() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                readAs("public-security").statusCode(200));
    }

    static ValidatableResponse readAs(String dept) {
        return given().auth().oauth2(Tokens.token(dept, "clerk")).queryParam("purpose", PURPOSE)
                .when().get(RECORD).then();
    }

    static Map<String, Object> grant(String consumer, List<String> fields) {
        return Map.of("consumer", consumer, "dataset", TestData.DATASET, "fields", fields, "purposes", List.of(PURPOSE));
    }

    static String create(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(GRANTS).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/grants/g-"))
                .extract().path("id");
    }

    @Test
    void whenTheOwnersStewardGrantsThenTheConsumerReadsExactlyThoseFieldsUntilRevoked() {
        readAs("market-regulation").statusCode(403).body("code", equalTo("no-grant"));
        String id = create(OWNER_STEWARD, grant("market-regulation", List.of("residentId", "name")));

        readAs("market-regulation").statusCode(200)
                .body("fields.name", equalTo("王建华"))
                .body("fields", not(hasKey("gender")))
                .body("withheld", hasItems("gender", "ethnicity", "registeredAddress"));

        given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON)
                .body(grant("market-regulation", List.of("residentId", "name", "gender")))
                .when().put(GRANTS + "/" + id).then().statusCode(200)
                .body("fields", containsInAnyOrder("residentId", "name", "gender"))
                .body("changedBy", equalTo("user-public-security"));
        readAs("market-regulation").statusCode(200).body("fields.gender", equalTo("MALE"));

        given().auth().oauth2(OWNER_STEWARD).when().delete(GRANTS + "/" + id).then().statusCode(204);
        readAs("market-regulation").statusCode(403).body("code", equalTo("no-grant"));
        given().auth().oauth2(OWNER_STEWARD).when().get(GRANTS + "/" + id).then().statusCode(404)
                .body("code", equalTo("grant-not-found"));
    }

    /** Issue 12, finding 4: an admin manages grants for others, never for its own department. */
    @Test
    void whenAnAdminGrantsItsOwnDepartmentThenRefusedAndAudited() {
        String admin = Tokens.token("data-administration", "admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(grant("data-administration", List.of("residentId", "name", "ethnicity")))
                .when().post(GRANTS).then().statusCode(403).body("code", equalTo("self-grant"));
        String id = create(admin, grant("transport", List.of("residentId")));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(grant("data-administration", List.of("residentId")))
                .when().put(GRANTS + "/" + id).then().statusCode(403).body("code", equalTo("self-grant"));
        given().auth().oauth2(admin).when().delete(GRANTS + "/" + id).then().statusCode(204);
    }

    /** Two stewards edit one grant: the second, still holding the version it read, is told instead of overwriting. */
    @Test
    void whenAGrantWasChangedAfterItWasReadThenAChangeWithTheOldVersionIsRefused() {
        String id = create(OWNER_STEWARD, grant("health", List.of("residentId")));
        String read = given().auth().oauth2(OWNER_STEWARD).when().get(GRANTS + "/" + id).then().statusCode(200)
                .extract().header("ETag");
        assertThat(read).isNotBlank();

        String changed = given().auth().oauth2(OWNER_STEWARD).header("If-Match", read).contentType(ContentType.JSON)
                .body(grant("health", List.of("residentId", "name")))
                .when().put(GRANTS + "/" + id).then().statusCode(200).extract().header("ETag");
        assertThat(changed).isNotEqualTo(read);

        given().auth().oauth2(Tokens.token("public-security", "steward")).header("If-Match", read)
                .contentType(ContentType.JSON).body(grant("health", List.of("residentId", "gender")))
                .when().put(GRANTS + "/" + id).then().statusCode(412)
                .contentType("application/problem+json").body("code", equalTo("grant-changed"));
        given().auth().oauth2(OWNER_STEWARD).header("If-Match", read).when().delete(GRANTS + "/" + id)
                .then().statusCode(412).body("code", equalTo("grant-changed"));
        given().auth().oauth2(OWNER_STEWARD).when().get(GRANTS + "/" + id).then().statusCode(200)
                .header("ETag", changed).body("fields", containsInAnyOrder("residentId", "name"));

        given().auth().oauth2(OWNER_STEWARD).header("If-Match", changed).when().delete(GRANTS + "/" + id)
                .then().statusCode(204);
    }

    @Test
    void whenAGrantChangesThenAnotherReplicaFollowsAndAReplicaRestartedLaterStillHasIt() {
        GrantRegistry replicaGrants = new GrantRegistry(List.of(), dataset -> "public-security");
        var household = TestData.REGISTRY.latest(TestData.DATASET).orElseThrow();
        Caller consumer = new Caller("u", "transport", Set.of("clerk"), Set.of());
        AccessPolicy replica = new AccessPolicy(replicaGrants::grants);
        String kept;
        try (GrantLog log = new GrantLog(KafkaClients.of(KafkaTestResource.bootstrapServers()), TestData.TOPICS, replicaGrants,
                GrantSignature.derivedFrom(io.datarun.gateway.config.GatewayConfig.AUDIT_DEV_KEY), validator)
                .start(Duration.ofSeconds(30))) {
            assertThat(replica.decide(consumer, household, PURPOSE, LocalDate.now()).allowed()).isFalse();
            String revoked = create(OWNER_STEWARD, grant("transport", List.of("name")));
            kept = create(OWNER_STEWARD, grant("transport", List.of("residentId", "birthDate")));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    replica.decide(consumer, household, PURPOSE, LocalDate.now()).visibleFields(Optional.of("110105")))
                    .containsExactlyInAnyOrder("name", "residentId", "birthDate"));
            given().auth().oauth2(OWNER_STEWARD).when().delete(GRANTS + "/" + revoked).then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    replica.decide(consumer, household, PURPOSE, LocalDate.now()).visibleFields(Optional.of("110105")))
                    .containsExactlyInAnyOrder("residentId", "birthDate"));
        }
        // the replica restarts with nothing in memory: it reads the grants back from Kafka
        GrantRegistry restarted = new GrantRegistry(List.of(), dataset -> "public-security");
        try (GrantLog log = new GrantLog(KafkaClients.of(KafkaTestResource.bootstrapServers()), TestData.TOPICS, restarted,
                GrantSignature.derivedFrom(io.datarun.gateway.config.GatewayConfig.AUDIT_DEV_KEY), validator)
                .start(Duration.ofSeconds(30))) {
            assertThat(restarted.find(kept)).isPresent();
            assertThat(new AccessPolicy(restarted::grants).decide(consumer, household, PURPOSE, LocalDate.now())
                    .visibleFields(Optional.of("110105"))).containsExactlyInAnyOrder("residentId", "birthDate");
        }
        readAs("transport").statusCode(200).body("fields", not(hasKey("name")));
    }

    @Test
    void whenAStewardOfAnotherDepartmentTriesThenItIsRefusedAndLearnsNothing() {
        String id = create(OWNER_STEWARD, grant("emergency-management", List.of("name")));
        String foreign = Tokens.token("civil-affairs", "steward");

        given().auth().oauth2(foreign).contentType(ContentType.JSON).body(grant("emergency-management", List.of("name", "gender")))
                .when().post(GRANTS).then().statusCode(403).body("code", equalTo("not-owner-steward"));
        // a grant on a dataset it does not own answers exactly like a grant that does not exist
        given().auth().oauth2(foreign).when().get(GRANTS + "/" + id).then().statusCode(404).body("code", equalTo("grant-not-found"));
        given().auth().oauth2(foreign).when().get(GRANTS + "/g-does-not-exist").then().statusCode(404)
                .body("code", equalTo("grant-not-found"));
        given().auth().oauth2(foreign).contentType(ContentType.JSON).body(grant("emergency-management", List.of("gender")))
                .when().put(GRANTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(foreign).when().delete(GRANTS + "/" + id).then().statusCode(404);
        given().auth().oauth2(foreign).when().get(GRANTS).then().statusCode(200)
                .body("dataset", everyItem(startsWith("civil-affairs.")))
                .body("id", not(hasItem(id)));
        given().auth().oauth2(foreign).queryParam("dataset", TestData.DATASET).when().get(GRANTS).then().statusCode(200)
                .body("size()", equalTo(0));

        // the grant is untouched; the owner's steward and an admin see it
        given().auth().oauth2(OWNER_STEWARD).when().get(GRANTS + "/" + id).then().statusCode(200)
                .body("fields", containsInAnyOrder("name"));
        given().auth().oauth2(Tokens.token("data-administration", "admin")).when().get(GRANTS).then().statusCode(200)
                .body("id", hasItem(id));
        // roles: a clerk of the owner is refused, no token is 401
        given().auth().oauth2(Tokens.token("public-security", "clerk")).when().get(GRANTS).then().statusCode(403)
                .body("code", equalTo("role-required"));
        given().auth().oauth2(Tokens.token("public-security", "clerk")).contentType(ContentType.JSON)
                .body(grant("emergency-management", List.of("name"))).when().post(GRANTS).then().statusCode(403);
        given().when().get(GRANTS).then().statusCode(401);
        given().contentType(ContentType.JSON).body(grant("x", List.of("name"))).when().post(GRANTS).then().statusCode(401);
    }

    @Test
    void whenAGrantIsInvalidThenEveryFailingFieldIsNamed() {
        given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON)
                .body(Map.of("consumer", "market-regulation", "dataset", TestData.DATASET,
                        "fields", List.of("name", "salary"), "purposes", List.of("curiosity"),
                        "divisions", List.of("999999"), "expires", "2020-01-01", "colour", "red"))
                .when().post(GRANTS).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid-grant"))
                .body("errors.field", containsInAnyOrder("fields[1]", "purposes[0]", "divisions[0]", "expires", "colour"))
                .body("errors.code", hasItems("field.unknown", "purpose.unknown", "division-code.province",
                        "expires.past", "unknown-property"));
        given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON)
                .body(Map.of("dataset", "public-security.nothing", "fields", List.of(), "expires", "tomorrow"))
                .when().post(GRANTS).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("dataset", "consumer", "fields", "purposes", "expires"))
                .body("errors.code", hasItems("dataset.unknown", "required", "list.non-empty", "expires.format"));
        given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON)
                .body(grant("public-security", List.of("name")))
                .when().post(GRANTS).then().statusCode(400).body("errors[0].code", equalTo("consumer.is-owner"));
        given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON).body("{\"consumer\": ")
                .when().post(GRANTS).then().statusCode(400).body("code", equalTo("malformed-json"));
        given().auth().oauth2(OWNER_STEWARD).contentType(ContentType.JSON).body("[1,2]")
                .when().post(GRANTS).then().statusCode(400).body("errors[0].code", equalTo("body.object"));
    }

    @Test
    void whenAFileGrantIsChangedThroughTheApiThenItIsRefusedAsReadOnly() {
        String fileGrant = given().auth().oauth2(OWNER_STEWARD).queryParam("consumer", "civil-affairs")
                .when().get(GRANTS).then().statusCode(200)
                .body("origin", hasItem("file"))
                .extract().path("find { it.origin == 'file' }.id");
        given().auth().oauth2(OWNER_STEWARD).when().delete(GRANTS + "/" + fileGrant).then().statusCode(409)
                .body("code", equalTo("grant-read-only"));
        readAs("civil-affairs").statusCode(200);
    }

    @Test
    void whenAGrantChangesOrIsRefusedThenTheAuditTrailHasIt() {
        String id = create(OWNER_STEWARD, grant("statistics", List.of("name")));
        given().auth().oauth2(OWNER_STEWARD).when().delete(GRANTS + "/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.token("civil-affairs", "steward")).contentType(ContentType.JSON)
                .body(grant("statistics", List.of("name"))).when().post(GRANTS).then().statusCode(403);

        given().auth().oauth2(Tokens.token("audit-office", "auditor"))
                .queryParam("dataset", TestData.DATASET).queryParam("limit", 1000)
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("events.findAll { it.detail != null && it.detail?.startsWith('grant=" + id + " ') }.action",
                        hasItems("grant-create", "grant-revoke"))
                .body("events.find { it.action == 'grant-create' && it.detail?.startsWith('grant=" + id + " ') }.user",
                        equalTo("user-public-security"))
                .body("events.findAll { it.action == 'grant-create' && it.user == 'user-civil-affairs' }.outcome",
                        hasItem("refused-not-owner-steward"));
    }
}
