package io.datarun.connectors.deadletter;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** A dataset's dead-letter topic ({@code datarun.<dataset>.dlq}), read from given offsets to its end. */
final class DeadLetterTopic {
    private final TopicReadThrough topic;

    DeadLetterTopic(KafkaClientSettings kafka, Duration timeout) {
        this.topic = new TopicReadThrough(kafka, timeout);
    }

    /** Reads every dead letter in [from, end) of each partition; returns the span read. */
    TopicReadThrough.Span read(String dataset, Map<Integer, Long> from, Consumer<DeadLetter> each) {
        return topic.read(Topics.deadLetters(dataset), "datarun-dead-letters", from, record -> {
            if (record.value() != null) {
                each.accept(DeadLetter.parse(record.partition(), record.offset(), record.key(), record.value()));
            }
        }).orElseThrow(() -> new IllegalArgumentException("no dead-letter topic " + Topics.deadLetters(dataset)
                + " (no connector has written to " + dataset + " yet, or the dataset id is wrong)"));
    }
}
