package io.datarun.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.runtime.PolledConnector;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.ServiceSourcesTestResource;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/JSON source against a real HTTP server on 127.0.0.1: pages of 3 items, batches of 4,
 * groups of items sharing one change time across page and batch boundaries, a bad item, a restart
 * and items added later (one at the very change time already committed).
 */
@QuarkusTest
@WithTestResource(ServiceSourcesTestResource.class)
class HttpSourceConnectorTest {
    private static final String DATASET = "public-security.household-registry";
    private static final String CONNECTOR = ServiceSourcesTestResource.HTTP_CONNECTOR;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ConnectorRuntime runtime;
    @Inject
    KafkaClientSettings kafka;

    @Test
    void whenTheServicePagesItemsThenEachArrivesOnceAcrossRestartsAndLaterChanges() throws Exception {
        List<Map<String, String>> service = ServiceSourcesTestResource.items();
        LocalDateTime t0 = LocalDateTime.of(2025, 6, 1, 8, 0);
        List<Residents.Row> valid = new ArrayList<>();
        // 5 items at t0 (crossing page 3 and batch 4 boundaries), 3 at t0+1min, 1 bad at t0+1min, 1 at t0+2min
        for (int i = 0; i < 5; i++) {
            valid.add(Residents.valid(t0));
        }
        for (int i = 0; i < 3; i++) {
            valid.add(Residents.valid(t0.plusMinutes(1)));
        }
        Residents.Row bad = Residents.badChecksum(t0.plusMinutes(1));
        valid.add(Residents.valid(t0.plusMinutes(2)));
        valid.forEach(row -> service.add(item(row)));
        service.add(item(bad));

        await().atMost(WAIT).until(() -> connector().committed().rowsSeen() == 10);
        assertThat(recordCounts(valid)).hasSize(9).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        List<JsonNode> letters = deadLettersOf(bad);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("sourcePosition").path("key").asText()).isEqualTo(String.valueOf(bad.id()));
        assertThat(letters.get(0).path("raw").path("person.name").asText()).isEqualTo("王五" + bad.id());
        assertThat(letters.get(0).path("violations").get(0).path("field").asText()).isEqualTo("residentId");
        assertThat(connector().committed().deadLettered()).isEqualTo(1);
        assertThat(HttpPosition.parse(connector().committed().position().orElseThrow()).since())
                .isEqualTo(t0.plusMinutes(2).toString());

        // restart: the position comes back from Kafka; polls at the committed since-value publish nothing again
        runtime.stop(CONNECTOR);
        runtime.start(CONNECTOR);
        int requests = ServiceSourcesTestResource.requests();
        await().atMost(WAIT).until(() -> ServiceSourcesTestResource.requests() >= requests + 3);
        assertThat(connector().committed().rowsSeen()).isEqualTo(10);
        assertThat(recordCounts(valid)).hasSize(9).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));

        // an item changed at the committed since-value itself, and a later one: both arrive, once
        Residents.Row tie = Residents.valid(t0.plusMinutes(2));
        Residents.Row later = Residents.valid(t0.plusMinutes(3));
        service.add(item(tie));
        service.add(item(later));
        await().atMost(WAIT).until(() -> connector().committed().rowsSeen() == 12);
        List<Residents.Row> all = new ArrayList<>(valid);
        all.add(tie);
        all.add(later);
        assertThat(recordCounts(all)).hasSize(11).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(connector().state().name()).isEqualTo("RUNNING");
    }

    private PolledConnector connector() {
        return runtime.polledConnector(CONNECTOR);
    }

    private static Map<String, String> item(Residents.Row row) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("personId", String.valueOf(row.id()));
        item.put("sfzh", row.sfzh());
        item.put("xm", "王五" + row.id());
        item.put("xb", "1");
        item.put("csrq", String.valueOf(ResidentIdNumber.parseBirthDate(row.sfzh()).orElseThrow()));
        item.put("mz", "汉族");
        item.put("hh", "H" + row.id());
        item.put("hjdz", "北京市海淀区" + row.id() + "号");
        item.put("xzqh", "110108");
        item.put("updatedAt", row.gxsj().toString());
        return item;
    }

    /** Records per subject id of the given rows (a subject missing from the map has none). */
    private Map<String, Long> recordCounts(List<Residents.Row> rows) {
        Set<String> ids = rows.stream().map(Residents.Row::sfzh).collect(Collectors.toSet());
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream().map(ConsumerRecord::key)
                .filter(ids::contains).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private List<JsonNode> deadLettersOf(Residents.Row row) {
        return TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).stream()
                .map(r -> Messages.read(r.value()))
                .filter(n -> row.sfzh().equals(n.path("raw").path("sfzh").asText())).toList();
    }
}
