package io.datarun.connectors.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.runtime.ConnectorRuntime;
import io.datarun.connectors.runtime.PolledConnector;
import io.datarun.connectors.support.CamelSourcesTestResource;
import io.datarun.connectors.support.TopicReader;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.wire.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * {@code kind: camel} on real servers: MQTT through the Mosquitto of this machine and an SFTP drop on
 * an Apache MINA SSHD server. For each: rows seen = accepted + dead-lettered, every valid row exactly
 * once in the dataset topic, and a message delivered twice (or a file dropped twice), before or after
 * a restart of the connector, has its effect once.
 */
@QuarkusTest
@WithTestResource(CamelSourcesTestResource.class)
class CamelSourceConnectorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ConnectorRuntime runtime;
    @Inject
    KafkaClientSettings kafka;
    @ConfigProperty(name = "datarun-test.mqtt-topic", defaultValue = "unset")
    String topic;
    @ConfigProperty(name = "datarun-test.sftp-root", defaultValue = "unset")
    String sftpRoot;

    static int serial = 100;

    static synchronized String residentId() {
        return valid("11010519480302" + String.format("%03d", serial += 2));
    }

    static String valid(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    /** The same number with a wrong check character. */
    static String wrongCheck(String id) {
        return id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
    }

    static String checkup(String residentId, String pressure) {
        return """
                {"sfzh": "%s", "tjrq": "2026-11-20", "jg": "朝阳区社区卫生服务中心", "xy": "%s", "xzqh": "110105",
                 "sj": "2026-11-20 10:15:00"}""".formatted(residentId, pressure);
    }

    @Test
    void whenDevicesPublishOverMqttThenEachReadingLandsOnceAndBadOnesAreDeadLettered() throws Exception {
        PolledConnector connector = runtime.polledConnector(CamelSourcesTestResource.MQTT_CONNECTOR);
        await().atMost(WAIT).until(() -> connector.state().name().equals("RUNNING"));
        MqttClient device = new MqttClient(CamelSourcesTestResource.MQTT_BROKER, "device-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            device.connect(new MqttConnectionOptions());
            List<String> valid = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                valid.add(residentId());
            }
            for (String id : valid.subList(0, 3)) {
                publish(device, checkup(id, "132/84"));
            }
            publish(device, checkup(valid.get(0), "132/84")); // the device sent it twice
            publish(device, checkup(wrongCheck(valid.get(0)), "120/80")); // a wrong check character
            publish(device, "not JSON at all {");
            await().atMost(WAIT).until(() -> connector.committed().rowsSeen() == 5);

            // readings published while the connector is stopped wait in its durable session (cleanStart: false);
            // after the restart they arrive at once, not at some later reconnect; a reading sent again is
            // recognised from the committed position
            runtime.stop(CamelSourcesTestResource.MQTT_CONNECTOR);
            publish(device, checkup(valid.get(1), "132/84"));
            for (String id : valid.subList(3, 6)) {
                publish(device, checkup(id, "140/90"));
            }
            runtime.start(CamelSourcesTestResource.MQTT_CONNECTOR);
            // the repeated reading is not counted again: the count reaches 8 and stays there
            await().atMost(WAIT).until(() -> connector.committed().rowsSeen() == 8);
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> connector.committed().rowsSeen() == 8);

            assertThat(connector.committed().accepted()).isEqualTo(6);
            assertThat(connector.committed().deadLettered()).isEqualTo(2);
            Map<String, Long> counts = recordCounts("health.elderly-health-checkups");
            for (String id : valid) {
                assertThat(counts).as("records of %s", ResidentIdNumber.mask(id)).containsEntry(id, 1L);
            }
            List<JsonNode> letters = deadLetters("health.elderly-health-checkups", CamelSourcesTestResource.MQTT_CONNECTOR);
            assertThat(letters).hasSize(2);
            assertThat(letters).anySatisfy(n -> assertThat(n.path("violations").findValuesAsText("code"))
                    .contains("resident-id.checksum"));
            assertThat(letters).anySatisfy(n -> assertThat(n.path("raw").path(MessageRows.UNREADABLE).asText()).startsWith("json:"));
        } finally {
            if (device.isConnected()) {
                device.disconnect();
            }
            device.close();
        }
    }

    @Test
    void whenACsvIsDroppedOnSftpThenEveryRowIsCountedOnceAndTheFileMovesAfterTheCommit() throws Exception {
        PolledConnector connector = runtime.polledConnector(CamelSourcesTestResource.SFTP_CONNECTOR);
        await().atMost(WAIT).until(() -> connector.state().name().equals("RUNNING"));
        List<String> ids = new ArrayList<>();
        StringBuilder csv = new StringBuilder("身份证号,姓名,性别,出生日期,民族,户号,户籍地址,区划,更新时间\n");
        for (int i = 0; i < 4; i++) {
            String id = valid("11010519550101" + String.format("%03d", 11 + 2 * i));
            ids.add(id);
            csv.append(id).append(",王芳").append(i).append(",男,1955-01-01,汉族,H").append(i)
                    .append(",北京市朝阳区团结湖路").append(i).append("号,110105,2026-11-20 09:00:00\n");
        }
        csv.append(wrongCheck(valid("11010519550101021"))).append(",赵六,男,1955-01-01,汉族,H9,北京市朝阳区,110105,2026-11-20 09:00:00\n");
        Path drop = Path.of(sftpRoot, "drop");
        Files.writeString(drop.resolve("residents.csv.part"), csv, StandardCharsets.UTF_8);
        Files.move(drop.resolve("residents.csv.part"), drop.resolve("residents.csv"));
        await().atMost(WAIT).until(() -> connector.committed().rowsSeen() == 5
                && Files.exists(drop.resolve("done/residents.csv")));

        // the same export dropped again under another name: recognised, moved, not published twice
        Files.writeString(drop.resolve("residents-again.csv"), csv, StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> Files.exists(drop.resolve("done/residents-again.csv")));
        assertThat(connector.committed().rowsSeen()).isEqualTo(5);
        assertThat(connector.committed().accepted()).isEqualTo(4);
        assertThat(connector.committed().deadLettered()).isEqualTo(1);
        Map<String, Long> counts = recordCounts("public-security.household-registry");
        ids.forEach(id -> assertThat(counts).containsEntry(id, 1L));
        assertThat(deadLetters("public-security.household-registry", CamelSourcesTestResource.SFTP_CONNECTOR))
                .singleElement().satisfies(n -> assertThat(n.path("violations").findValuesAsText("code"))
                        .contains("resident-id.checksum"));
    }

    private void publish(MqttClient device, String body) throws Exception {
        MqttMessage message = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish(topic, message);
    }


    private Map<String, Long> recordCounts(String dataset) {
        return TopicReader.readAll(kafka, Topics.records(dataset)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private List<JsonNode> deadLetters(String dataset, String connector) {
        return TopicReader.readAll(kafka, Topics.deadLetters(dataset)).stream().map(r -> Messages.read(r.value()))
                .filter(n -> n.path("connector").asText().equals(connector)).toList();
    }
}
