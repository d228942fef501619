package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.Optional;

/**
 * A RabbitMQ queue of JSON messages ({@code kind: rabbitmq}), acknowledged only after the Kafka
 * transaction holding each message's record (or dead letter) has committed.
 */
@Option.Kind("rabbitmq")
public record RabbitMqSource(
        @Option(description = "`amqp://user:password@host:5672/vhost` (the default vhost `/` is `%2F`; use "
                + "`${ENV:default}` for the password)")
        String uri,
        @Option(description = "the queue to consume; it must exist (the runtime does not declare it)")
        String queue,
        @Option(description = "a JSON field that identifies a message; without it the AMQP `message_id` property, else "
                + "the SHA-256 of the body")
        Optional<String> idField,
        @Option(defaultValue = "1000", description = "how many recently committed message ids the position keeps to "
                + "recognise re-deliveries (at least `batchSize`)")
        int dedupeWindow,
        @Option.Inline
        Polling polling) implements SourceDeclaration {

    public RabbitMqSource {
        if (!uri.matches("(?i)^amqps?://.+")) {
            throw new InvalidOption("uri", "expected an amqp:// or amqps:// address such as "
                    + "amqp://user:password@host:5672/vhost");
        }
        if (dedupeWindow < 1 || dedupeWindow > 1_000_000) {
            throw new InvalidOption("dedupeWindow", "expected a number of message ids between 1 and 1000000, found "
                    + dedupeWindow);
        }
        if (dedupeWindow < polling.batchSize()) {
            throw new InvalidOption("dedupeWindow", "expected at least batchSize (" + polling.batchSize()
                    + ") message ids, found " + dedupeWindow);
        }
    }

    @Override
    public String toString() {
        return "RabbitMqSource[uri=" + uri.replaceAll("//[^@/]*@", "//***@") + ", queue=" + queue + ", idField="
                + idField.orElse("(message_id)") + ", dedupeWindow=" + dedupeWindow + ", batchSize=" + batchSize()
                + ", pollInterval=" + pollInterval() + "]";
    }
}
