package io.datarun.connectors.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.support.PluginJars;
import io.datarun.connectors.support.PluginsTestResource;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.TestDatabases;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Connectors that only run with the runtime's plugins folder, publishing through the transactional
 * publisher to a real broker: the SPI's worked example (its jar in the folder, its class on no class
 * path) and a JDBC source whose driver is a jar in the folder.
 */
@QuarkusTest
@WithTestResource(PluginsTestResource.class)
class PluginConnectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASET = "public-security.household-registry";

    @Inject
    ConnectorRuntime runtime;
    @ConfigProperty(name = "datarun-test.jsonl-file", defaultValue = "unset")
    Path jsonl;
    @Inject
    KafkaClientSettings kafka;
    @ConfigProperty(name = "datarun-test.mariadb-url", defaultValue = "unset")
    String mariaDbUrl;

    @Test
    void whenLinesAreAppendedToTheExampleSourceThenEachIsPublishedOnce() throws IOException {
        assertThat(classOnTheClassPath(PluginJars.EXAMPLE_SOURCE)).as("the example is a plugin only").isFalse();
        LocalDateTime ts = LocalDateTime.of(2025, 5, 1, 8, 0);
        List<Residents.Row> first = List.of(Residents.valid(ts), Residents.valid(ts), Residents.valid(ts));
        append(first);
        await().atMost(Duration.ofSeconds(60)).until(() -> recordsOf(first).size() == 3);

        List<Residents.Row> second = List.of(Residents.valid(ts.plusMinutes(1)), Residents.badChecksum(ts.plusMinutes(1)));
        append(second);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> runtime.polledConnector(PluginsTestResource.JAVA_CONNECTOR).committed().rowsSeen() == 5);

        assertThat(recordsOf(first)).hasSize(3);
        assertThat(recordsOf(second)).hasSize(1);
        ConsumerRecord<String, byte[]> record = recordsOf(List.of(second.get(0))).get(0);
        Header position = record.headers().lastHeader(TransactionalPublisher.HEADER_POSITION);
        assertThat(Messages.read(position.value()).path("position").asText()).isEqualTo("4");
        assertThat(runtime.polledConnector(PluginsTestResource.JAVA_CONNECTOR).committed().deadLettered()).isEqualTo(1);
        assertThat(TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).stream()
                .filter(r -> r.key().equals("5")).map(r -> Messages.read(r.value()))
                .filter(n -> n.path("connector").asText().equals(PluginsTestResource.JAVA_CONNECTOR))).hasSize(1);
    }

    @Test
    void whenTheJdbcDriverIsAPluginThenItsTableIsReadAndPublished() {
        assertThat(classOnTheClassPath(PluginJars.MYSQL_DRIVER)).as("MySQL Connector/J is a plugin only").isFalse();
        LocalDateTime ts = LocalDateTime.of(2025, 6, 1, 9, 0);
        List<Residents.Row> rows = List.of(Residents.valid(ts), Residents.valid(ts), Residents.valid(ts.plusSeconds(1)),
                Residents.valid(ts.plusSeconds(2)), Residents.badChecksum(ts.plusSeconds(2)));
        Residents.insert(mariaDbUrl, TestDatabases.MARIADB_USER, rows);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> runtime.connector(PluginsTestResource.MYSQL_CONNECTOR).committed().rowsSeen() == 5);

        assertThat(recordsOf(rows.subList(0, 4))).hasSize(4);
        assertThat(runtime.connector(PluginsTestResource.MYSQL_CONNECTOR).committed().deadLettered()).isEqualTo(1);
        assertThat(recordsOf(rows.subList(0, 1)).get(0).headers().lastHeader(TransactionalPublisher.HEADER_CONNECTOR).value())
                .asString(StandardCharsets.UTF_8).isEqualTo(PluginsTestResource.MYSQL_CONNECTOR);
    }

    private static boolean classOnTheClassPath(String name) {
        try {
            Class.forName(name, false, PluginConnectorsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private void append(List<Residents.Row> rows) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Residents.Row row : rows) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sfzh", row.sfzh());
            line.put("xm", "李四" + row.id());
            line.put("xb", "1");
            line.put("csrq", String.valueOf(ResidentIdNumber.parseBirthDate(row.sfzh()).orElseThrow()));
            line.put("mz", "汉族");
            line.put("hh", "H" + row.id());
            line.put("hjdz", "北京市朝阳区" + row.id() + "号");
            line.put("xzqh", "110105");
            line.put("gxsj", row.gxsj().toString());
            lines.append(JSON.writeValueAsString(line)).append('\n');
        }
        Files.writeString(jsonl, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<ConsumerRecord<String, byte[]>> recordsOf(List<Residents.Row> rows) {
        Set<String> ids = rows.stream().map(Residents.Row::sfzh).collect(Collectors.toSet());
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream().filter(r -> ids.contains(r.key())).toList();
    }
}
