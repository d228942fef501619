package io.datarun.connectors.declaration;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A RabbitMQ queue of JSON messages, acknowledged only after the Kafka transaction holding each
 * message's record (or dead letter) has committed.
 *
 * @param uri {@code amqp://user:password@host:port/vhost}
 * @param queue the queue to consume (it must exist; the runtime does not declare it)
 * @param idField a JSON field of the message that identifies it; empty: the AMQP {@code message_id}
 *        property, else the SHA-256 of the body
 * @param dedupeWindow how many recently committed message ids the position keeps to drop re-deliveries
 */
public record RabbitMqSource(
        String uri,
        String queue,
        Optional<String> idField,
        int dedupeWindow,
        int batchSize,
        Duration pollInterval,
        ZoneId zone) implements SourceDeclaration {

    @Override
    public String kind() {
        return "rabbitmq";
    }

    @Override
    public String toString() {
        return "RabbitMqSource[uri=" + uri.replaceAll("//[^@/]*@", "//***@") + ", queue=" + queue + ", idField="
                + idField.orElse("(message_id)") + ", dedupeWindow=" + dedupeWindow + ", batchSize=" + batchSize
                + ", pollInterval=" + pollInterval + "]";
    }
}
