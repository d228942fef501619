package io.datarun.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.schemas.wire.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A connector's cumulative counts as committed on {@link Topics#CONNECTOR_OFFSETS} (the JSON the
 * connectors' {@code Messages.offsets} writes), or {@link #NONE} before its first commit.
 */
record ConnectorProgress(long rowsSeen, long accepted, long deadLettered) {
    static final ConnectorProgress NONE = new ConnectorProgress(0, 0, 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last committed offsets record of the connector. */
    static ConnectorProgress lastCommitted(CommittedTopics topics, String connector) {
        if (!topics.exists(Topics.CONNECTOR_OFFSETS)) {
            return NONE; // a connector creates it when it first opens its publisher, a moment after its runtime is ready
        }
        List<ConsumerRecord<String, byte[]>> records = topics.readAll(Topics.CONNECTOR_OFFSETS);
        ConnectorProgress last = NONE;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (connector.equals(record.key())) {
                last = record.value() == null ? NONE : parse(record.value());
            }
        }
        return last;
    }

    /** Whether the connector's last committed offsets record is one of its first load (a streaming pass under way). */
    static boolean inFirstLoad(CommittedTopics topics, String connector) {
        byte[] last = null;
        for (ConsumerRecord<String, byte[]> record : topics.readAll(Topics.CONNECTOR_OFFSETS)) {
            if (connector.equals(record.key())) {
                last = record.value();
            }
        }
        try {
            return last != null && JSON.readTree(last).path("position").has("snapshot");
        } catch (IOException e) {
            throw new UncheckedIOException("offsets record is not JSON", e);
        }
    }

    static ConnectorProgress parse(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            for (String field : List.of("rowsSeen", "accepted", "deadLettered")) {
                if (!node.path(field).isIntegralNumber()) {
                    throw new IllegalStateException("offsets record without a whole-number " + field + ": " + node);
                }
            }
            return new ConnectorProgress(node.get("rowsSeen").longValue(), node.get("accepted").longValue(),
                    node.get("deadLettered").longValue());
        } catch (IOException e) {
            throw new UncheckedIOException("offsets record is not JSON", e);
        }
    }
}
