package io.datarun.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Measures a prefill against a single-record read in one run: the prefill of the test form
 * {@code income-survey} reads four datasets, each an authorized, audited read. Logs the numbers
 * (docs/forms.md quotes a run); asserts only what must hold everywhere.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class FormPrefillCostTest {
    private static final Logger LOG = Logger.getLogger(FormPrefillCostTest.class);
    static final String PURPOSE = "minimum-living-allowance";
    static final int N = 100;

    @Test
    void whenAFormIsPrefilledThenItCostsAboutOneAuditedReadPerSourceDataset() throws Exception {
        String subject = TestData.residentId("110105", "19480302", "171");
        TestData.publish(TestData.resident(subject, "钱秀兰", "MALE", "北京市朝阳区建国路171号"));
        String read = "/api/v1/datasets/" + TestData.DATASET + "/records/" + subject;
        String prefill = "/api/v1/forms/income-survey/prefill";
        String first = Tokens.token("civil-affairs", "clerk");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(first)
                .queryParam("subject", subject).queryParam("purpose", PURPOSE).when().get(prefill)
                .then().statusCode(200).body("fields.find { it.name == 'name' }.status", equalTo("prefilled")));

        // one token per request: the per-caller rate limit is not what is measured here
        List<String> tokens = IntStream.range(0, 2 * N + 40).mapToObj(i -> Tokens.claims("civil-affairs", "clerk")
                .subject("prefill-bench-" + i).sign(Tokens.PRIVATE_KEY)).toList();
        for (int i = 0; i < 20; i++) { // warm up both paths
            given().auth().oauth2(tokens.get(2 * N + i)).queryParam("purpose", PURPOSE).when().get(read);
            given().auth().oauth2(tokens.get(2 * N + 20 + i)).queryParam("subject", subject)
                    .queryParam("purpose", PURPOSE).when().get(prefill);
        }
        List<Long> reads = new ArrayList<>();
        List<Long> prefills = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long start = System.nanoTime();
            given().auth().oauth2(tokens.get(2 * i)).queryParam("purpose", PURPOSE).when().get(read)
                    .then().statusCode(200);
            reads.add(System.nanoTime() - start);
            start = System.nanoTime();
            given().auth().oauth2(tokens.get(2 * i + 1)).queryParam("subject", subject).queryParam("purpose", PURPOSE)
                    .when().get(prefill).then().statusCode(200);
            prefills.add(System.nanoTime() - start);
        }

        LOG.infof("PREFILL COST single-record read %s; prefill of a form over 4 source datasets %s (n=%d each)",
                AuditCostTest.micros(reads), AuditCostTest.micros(prefills), N);
        assertThat(AuditCostTest.percentile(prefills, 0.5)).isGreaterThan(0);
    }
}
