package io.datarun.connectors.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
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
import java.nio.charset.StandardCharsets;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The RabbitMQ source against the real broker of this machine: valid and invalid messages become
 * records and dead letters; a crash after the Kafka commit and before the ack (test hook) makes the
 * broker re-deliver the batch, which is dropped as already committed; a message published twice
 * with one message id is published once.
 */
@QuarkusTest
@WithTestResource(ServiceSourcesTestResource.class)
class RabbitMqSourceConnectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASET = "public-security.household-registry";
    private static final String CONNECTOR = ServiceSourcesTestResource.QUEUE_CONNECTOR;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ConnectorRuntime runtime;
    @Inject
    KafkaClientSettings kafka;
    @ConfigProperty(name = "datarun-test.queue", defaultValue = "unset")
    String queue;

    @Test
    void whenMessagesArriveAndTheRuntimeCrashesBeforeTheAckThenEachHasItsEffectOnce() throws Exception {
        LocalDateTime ts = LocalDateTime.of(2025, 7, 1, 9, 0);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(ServiceSourcesTestResource.RABBIT_URI);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            List<Residents.Row> valid = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                valid.add(Residents.valid(ts));
            }
            Residents.Row bad = Residents.badChecksum(ts);
            for (Residents.Row row : valid.subList(0, 5)) {
                publish(channel, "m-" + row.id(), message(row));
            }
            publish(channel, "m-" + bad.id(), message(bad));
            publish(channel, "m-not-json", "this is not JSON {".getBytes(StandardCharsets.UTF_8));
            for (Residents.Row row : valid.subList(5, 10)) {
                publish(channel, "m-" + row.id(), message(row));
            }
            publish(channel, "m-" + valid.get(0).id(), message(valid.get(0))); // the publisher sent it twice

            await().atMost(WAIT).until(() -> connector().committed().rowsSeen() == 12
                    && channel.queueDeclarePassive(queue).getMessageCount() == 0);
            assertThat(recordCounts(valid)).hasSize(10).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(connector().committed().deadLettered()).isEqualTo(2);
            List<JsonNode> letters = deadLetters();
            assertThat(letters).anySatisfy(n -> {
                assertThat(n.path("raw").path("sfzh").asText()).isEqualTo(bad.sfzh());
                assertThat(n.path("sourcePosition").path("messageId").asText()).isEqualTo("m-" + bad.id());
                assertThat(n.path("violations").get(0).path("field").asText()).isEqualTo("residentId");
            });
            assertThat(letters).anySatisfy(n ->
                    assertThat(n.path("raw").path(RabbitMqQueueSource.BODY_COLUMN).asText()).isEqualTo("this is not JSON {"));
            assertThat(letters).hasSize(2);

            // crash between the commit and the ack: the broker re-delivers, the runtime drops what it committed
            long dropped = RabbitMqQueueSource.duplicatesDropped();
            RabbitMqQueueSource.simulateCrashAfterNextCommit(CONNECTOR);
            List<Residents.Row> more = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                more.add(Residents.valid(ts.plusMinutes(1)));
            }
            for (Residents.Row row : more) {
                publish(channel, "m-" + row.id(), message(row));
            }
            await().atMost(WAIT).until(() -> connector().committed().rowsSeen() == 16
                    && RabbitMqQueueSource.duplicatesDropped() > dropped
                    && channel.queueDeclarePassive(queue).getMessageCount() == 0
                    && connector().state().name().equals("RUNNING"));
            // nothing is left unacknowledged either: stopping the connector re-queues what it did not ack
            runtime.stop(CONNECTOR);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 0);
            runtime.start(CONNECTOR);
            List<Residents.Row> all = new ArrayList<>(valid);
            all.addAll(more);
            assertThat(recordCounts(all)).hasSize(14).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(connector().committed().accepted()).isEqualTo(14);
            assertThat(deadLetters()).hasSize(2);
        }
    }

    private PolledConnector connector() {
        return runtime.polledConnector(CONNECTOR);
    }

    private void publish(Channel channel, String messageId, byte[] body) throws Exception {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId(messageId)
                .contentType("application/json").deliveryMode(2).build(), body);
    }

    private static byte[] message(Residents.Row row) throws Exception {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("sfzh", row.sfzh());
        message.put("xm", "赵六" + row.id());
        message.put("xb", "1");
        message.put("csrq", String.valueOf(ResidentIdNumber.parseBirthDate(row.sfzh()).orElseThrow()));
        message.put("mz", "汉族");
        message.put("hh", "H" + row.id());
        message.put("hjdz", "北京市西城区" + row.id() + "号");
        message.put("xzqh", "110102");
        message.put("gxsj", row.gxsj().toString());
        return JSON.writeValueAsBytes(message);
    }

    private Map<String, Long> recordCounts(List<Residents.Row> rows) {
        Set<String> ids = rows.stream().map(Residents.Row::sfzh).collect(Collectors.toSet());
        return TopicReader.readAll(kafka, Topics.records(DATASET)).stream().map(ConsumerRecord::key)
                .filter(ids::contains).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private List<JsonNode> deadLetters() {
        return TopicReader.readAll(kafka, Topics.deadLetters(DATASET)).stream().map(r -> Messages.read(r.value()))
                .filter(n -> CONNECTOR.equals(n.path("connector").asText())).toList();
    }
}
