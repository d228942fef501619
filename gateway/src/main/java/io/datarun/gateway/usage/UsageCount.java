package io.datarun.gateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Reads of one dataset by one department for one purpose, summed by a gateway replica over one flush
 * interval ({@link UsageTally}): the value of {@code datarun._access-log}, keyed by dataset. {@code at}
 * is the latest of those reads.
 */
public record UsageCount(String dataset, String department, String purpose, long reads, Instant at) {

    /**
     * The access log's serde. A record without {@code reads} is an event of a gateway from before the
     * sums (one per read: dataset, subject, department, user, purpose, at) and counts one read, so the
     * usage store folds a log that holds both.
     */
    public static Serde<UsageCount> serde() {
        return Serdes.serdeFrom((topic, count) -> {
            try {
                return count == null ? null : JsonSerde.MAPPER.writeValueAsBytes(count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> bytes == null ? null : parse(bytes));
    }

    static UsageCount parse(byte[] bytes) {
        try {
            JsonNode node = JsonSerde.MAPPER.readTree(bytes);
            JsonNode at = node.path("at");
            return new UsageCount(text(node, "dataset"), text(node, "department"), text(node, "purpose"),
                    node.has("reads") ? node.get("reads").asLong() : 1,
                    at.isTextual() ? Instant.parse(at.asText()) : null);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("unreadable access-log record", e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
