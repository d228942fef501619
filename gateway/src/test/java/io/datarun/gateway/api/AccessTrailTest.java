package io.datarun.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTrail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resident's own access trail: each department's read of their data with names a person reads,
 * never the reading clerk, never anybody else's reads, from every replica's chain; each view audited.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class AccessTrailTest {
    static final String RESIDENT = TestData.residentId("110101", "19580321", "047");
    static final String NEIGHBOUR = TestData.residentId("110101", "19600101", "031");
    static final String TRAIL = "/api/v1/me/access-trail";
    static final String RECORDS = "/api/v1/datasets/" + MaritalData.DATASET + "/records/";

    static String residentToken(String residentId) {
        return Tokens.claims("ignored", "resident").claim("residentId", residentId).subject("kc-" + UUID.randomUUID())
                .sign(Tokens.PRIVATE_KEY);
    }

    private static boolean read;

    @BeforeAll
    static void publish() throws Exception {
        MaritalData.publish(List.of(MaritalData.record(RESIDENT, "MARRIED")));
    }

    /** A civil-affairs clerk (user "user-civil-affairs") reads the resident's marital status, once the app serves it. */
    @BeforeEach
    synchronized void clerkReads() {
        if (read) {
            return;
        }
        read = true;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
                .auth().oauth2(Tokens.token("civil-affairs", "clerk")).queryParam("purpose", "minimum-living-allowance")
                .when().get(RECORDS + RESIDENT).then().statusCode(200));
    }

    @Test
    void whenADepartmentReadMyDataThenMyTrailNamesTheDepartmentPurposeDatasetFieldsAndTimeButNotTheClerk() {
        String body = given().auth().oauth2(residentToken(RESIDENT)).when().get(TRAIL).then().statusCode(200)
                .body("reads.department", hasItem("civil-affairs"))
                .body("reads.find { it.dataset == 'civil-affairs.marital-status' }.departmentName.'zh-CN'", equalTo("民政局"))
                .body("reads.find { it.dataset == 'civil-affairs.marital-status' }.purpose", equalTo("minimum-living-allowance"))
                .body("reads.find { it.dataset == 'civil-affairs.marital-status' }.purposeTitle.'zh-CN'", equalTo("最低生活保障审核"))
                .body("reads.find { it.dataset == 'civil-affairs.marital-status' }.fields.name", hasItem("maritalStatus"))
                .body("reads.find { it.dataset == 'civil-affairs.marital-status' }.at", org.hamcrest.Matchers.notNullValue())
                .extract().asString();
        assertThat(body).as("the reading clerk's personal id is not shown to residents").doesNotContain("user-civil-affairs");
    }

    @Test
    void whenAnotherResidentAsksThenTheyGetOnlyTheirOwnTrail() {
        given().auth().oauth2(residentToken(NEIGHBOUR)).when().get(TRAIL).then().statusCode(200)
                .body("count", equalTo(0)).body("reads.dataset", not(hasItem(MaritalData.DATASET)));
    }

    @Test
    void whenTheTokenIsNotAResidentsThenTheTrailIsRefused() {
        given().auth().oauth2(Tokens.token("civil-affairs", "clerk")).when().get(TRAIL).then().statusCode(403);
        String noClaim = Tokens.claims("ignored", "resident").sign(Tokens.PRIVATE_KEY);
        given().auth().oauth2(noClaim).when().get(TRAIL).then().statusCode(403).body("code", equalTo("token-without-resident-id"));
        String badClaim = Tokens.claims("ignored", "resident").claim("residentId", "110101195803215031").sign(Tokens.PRIVATE_KEY);
        given().auth().oauth2(badClaim).when().get(TRAIL).then().statusCode(403).body("code", equalTo("token-without-resident-id"));
        given().when().get(TRAIL).then().statusCode(401);
    }

    @Test
    void whenAnotherReplicaServedAReadThenAnyReplicaListsIt() {
        // another replica writes its own chain into the one audit topic; this replica reads all of it
        AuditTrail other = AuditReplicasTest.replica("replica-trail-" + UUID.randomUUID());
        try {
            other.record(AuditEntry.of(new Caller("someone", "health", Set.of("clerk"), Set.of()), AuditAction.READ,
                    "public-security.household-registry", RESIDENT, List.of("name"), "elderly-health-checkup", AuditOutcome.OK, null));
        } finally {
            other.stop();
        }
        given().auth().oauth2(residentToken(RESIDENT)).when().get(TRAIL).then().statusCode(200)
                .body("reads.find { it.department == 'health' }.departmentName.en", equalTo("Health Commission"))
                .body("reads.find { it.department == 'health' }.datasetTitle.'zh-CN'", org.hamcrest.Matchers.notNullValue())
                .body("reads.find { it.department == 'health' }.fields[0].label.'zh-CN'", equalTo("姓名"));
    }

    @Test
    void whenAResidentViewsTheirTrailThenTheViewIsAudited() {
        given().auth().oauth2(residentToken(RESIDENT)).header("X-Request-Id", "trail-view-" + RESIDENT)
                .when().get(TRAIL).then().statusCode(200);
        given().auth().oauth2(Tokens.token("audit-office", "auditor")).queryParam("subject", RESIDENT).when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("events.findAll { it.action == 'access-trail' && it.requestId == 'trail-view-" + RESIDENT + "' }.size()",
                        equalTo(1));
    }
}
