package io.datarun.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.demo.DemoResident;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway replicas share the serving state by partition: each hosts some partitions, and
 * either answers any read, forwarding to the replica that hosts the subject.
 */
class GatewayReplicasIT {
    @RegisterExtension
    static final E2eStack STACK = new E2eStack(300, 100, 2);

    private static Response read(int replica, String subject) {
        return given(STACK.api(replica)).auth().oauth2(STACK.token("civil-affairs", "clerk"))
                .queryParam("purpose", "minimum-living-allowance")
                .when().get("/api/v1/datasets/" + E2eStack.DATASET + "/records/" + subject);
    }

    @Test
    void whenTwoReplicasRunThenEachAnswersEveryReadWhicheverHostsTheSubject() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(90));
        List<DemoResident> sample = STACK.residents().stream().filter(r -> !r.isBad()).limit(30).toList();
        for (DemoResident resident : sample) {
            for (int replica = 0; replica < 2; replica++) {
                int r = replica;
                // while the two replicas settle their partitions a read may answer 503 store-rebalancing
                Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> read(r, resident.residentId()), res -> res.statusCode() != 503);
                assertThat(response.statusCode()).as("replica %d reading %s", r, resident.residentId()).isEqualTo(200);
                assertThat(response.jsonPath().getString("fields.name")).isEqualTo(resident.name());
            }
        }
    }

    @Test
    void replicaEndpointAnswersOnlyCallersPresentingTheReplicaSecret() throws Exception {
        STACK.awaitConnectorCaughtUp(Duration.ofSeconds(90));
        String subject = STACK.residents().stream().filter(r -> !r.isBad()).findFirst().orElseThrow().residentId();
        String path = "/internal/v1/replica/records/" + E2eStack.DATASET + "/" + subject;
        // the subject lives on exactly one replica: with the secret one answers the record, the other 404
        int found = 0;
        for (int replica = 0; replica < 2; replica++) {
            int r = replica;
            Response response = await().atMost(Duration.ofSeconds(60))
                    .until(() -> given(STACK.api(r)).header("X-Datarun-Replica-Secret", E2eStack.REPLICA_SECRET)
                            .when().get(path), res -> res.statusCode() != 503);
            assertThat(response.statusCode()).isIn(200, 404);
            found += response.statusCode() == 200 ? 1 : 0;
            given(STACK.api(r)).header("X-Datarun-Replica-Secret", "wrong").when().get(path)
                    .then().statusCode(404);
            given(STACK.api(r)).when().get(path).then().statusCode(404);
        }
        assertThat(found).as("exactly one replica hosts the subject's partition").isEqualTo(1);
    }
}
