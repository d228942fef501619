package io.datarun.connectors.support;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.testkit.CommittedTopic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a whole topic as a {@code read_committed} consumer sees it (aborted records never show),
 * to its end or not at all: the test kit's {@link CommittedTopic} fails rather than return what it
 * read by a deadline, so a "does not contain" check cannot pass on a partial read.
 */
public final class TopicReader {
    private TopicReader() {
    }

    /** As {@code kafka}'s principal (the connectors' in these tests: it may read what the runtime writes). */
    public static List<ConsumerRecord<String, byte[]>> readAll(KafkaClientSettings kafka, String topic) {
        return new CommittedTopic(kafka.asMap()).all(topic);
    }
}
