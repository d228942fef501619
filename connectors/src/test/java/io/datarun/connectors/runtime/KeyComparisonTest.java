package io.datarun.connectors.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.support.KeyCheckTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.TestDatabases;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Deletes from tables without a soft-delete column, on the real PostgreSQL and MariaDB: the periodic
 * key comparison ({@code keyCheck: 1s}) finds the subjects whose rows were {@code DELETE}d and commits
 * one tombstone for each, carrying the connector that published the subject; subjects still in a table,
 * and subjects another connector published into the same dataset, stay.
 */
@QuarkusTest
@WithTestResource(KeyCheckTestResource.class)
class KeyComparisonTest {
    private static final String DATASET = "public-security.household-registry";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "datarun-test.jdbc-url")
    String postgresUrl;
    @ConfigProperty(name = "datarun-test.mariadb-url", defaultValue = "unset")
    String mariaDbUrl;
    @Inject
    KafkaClientSettings kafka;

    @Test
    void whenRowsAreDeletedAtTheSourceThenTheKeyComparisonTombstonesExactlyTheirSubjectsOnce() {
        LocalDateTime ts = LocalDateTime.of(2025, 6, 1, 9, 0);
        List<Residents.Row> pg = new ArrayList<>();
        List<Residents.Row> maria = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pg.add(Residents.valid(ts.plusSeconds(i)));
        }
        for (int i = 0; i < 4; i++) {
            maria.add(Residents.valid(ts.plusSeconds(i)));
        }
        Residents.insert(postgresUrl, TestDatabases.POSTGRES_USER, pg);
        Residents.insert(mariaDbUrl, TestDatabases.MARIADB_USER, maria);
        List<String> all = Stream.concat(pg.stream(), maria.stream()).map(Residents.Row::sfzh).toList();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> live(recordsByKey()).containsAll(all));

        delete(postgresUrl, TestDatabases.POSTGRES_USER, pg.get(0), pg.get(1));
        delete(mariaDbUrl, TestDatabases.MARIADB_USER, maria.get(0));
        List<String> deleted = List.of(pg.get(0).sfzh(), pg.get(1).sfzh(), maria.get(0).sfzh());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> deletedNow(recordsByKey()).containsAll(deleted));

        // a later comparison deletes the next row gone, and neither repeats a tombstone nor deletes more
        delete(postgresUrl, TestDatabases.POSTGRES_USER, pg.get(2));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> deletedNow(recordsByKey()).contains(pg.get(2).sfzh()));
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = recordsByKey();
        assertThat(deletedNow(byKey)).containsExactlyInAnyOrder(deleted.get(0), deleted.get(1), deleted.get(2),
                pg.get(2).sfzh());
        assertThat(live(byKey)).as("subjects still in their tables, the other connector's included")
                .containsExactlyInAnyOrder(pg.get(3).sfzh(), pg.get(4).sfzh(), pg.get(5).sfzh(), maria.get(1).sfzh(),
                        maria.get(2).sfzh(), maria.get(3).sfzh());
        for (String subject : List.of(deleted.get(0), deleted.get(1), pg.get(2).sfzh())) {
            assertTombstonedOnceBy(byKey.get(subject), KeyCheckTestResource.POSTGRES_CONNECTOR);
        }
        assertTombstonedOnceBy(byKey.get(deleted.get(2)), KeyCheckTestResource.MARIADB_CONNECTOR);
    }

    private static void assertTombstonedOnceBy(List<ConsumerRecord<String, byte[]>> versions, String connector) {
        assertThat(versions).as("a record, then one tombstone").hasSize(2);
        ConsumerRecord<String, byte[]> tombstone = versions.get(1);
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, TransactionalPublisher.HEADER_CONNECTOR)).isEqualTo(connector);
        assertThat(Messages.read(tombstone.headers().lastHeader(TransactionalPublisher.HEADER_POSITION).value())
                .has("keyCheck")).as("the tombstone's source position names the key comparison").isTrue();
    }

    private static void delete(String url, String user, Residents.Row... rows) {
        TestDatabases.execute(url, user, "DELETE FROM hukou_residents WHERE id IN ("
                + Stream.of(rows).map(r -> String.valueOf(r.id())).collect(Collectors.joining(", ")) + ")");
    }

    private static List<String> live(Map<String, List<ConsumerRecord<String, byte[]>>> byKey) {
        return byKey.entrySet().stream().filter(e -> e.getValue().get(e.getValue().size() - 1).value() != null)
                .map(Map.Entry::getKey).toList();
    }

    private static List<String> deletedNow(Map<String, List<ConsumerRecord<String, byte[]>>> byKey) {
        return byKey.entrySet().stream().filter(e -> e.getValue().get(e.getValue().size() - 1).value() == null)
                .map(Map.Entry::getKey).toList();
    }

    private Map<String, List<ConsumerRecord<String, byte[]>>> recordsByKey() {
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(Function.identity(), Collectors.toList())));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
