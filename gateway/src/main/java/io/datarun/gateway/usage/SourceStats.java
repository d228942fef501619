package io.datarun.gateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What one intake source (a connector, or the push API of one replica) has committed for a
 * dataset, cumulatively: rows seen, accepted and dead-lettered. It must always hold that
 * {@code rowsSeen = accepted + deadLettered}.
 */
public record SourceStats(String source, String dataset, long rowsSeen, long accepted, long deadLettered,
        Instant committedAt) {

    public boolean balanced() {
        return rowsSeen == accepted + deadLettered;
    }

    /** Parses an offsets-topic value (the connectors' and push API's common JSON). */
    public static SourceStats parse(String key, byte[] value) {
        try {
            JsonNode node = JsonSerde.MAPPER.readTree(value);
            return new SourceStats(
                    node.path("connector").asText(key),
                    node.path("dataset").asText(),
                    node.path("rowsSeen").asLong(),
                    node.path("accepted").asLong(),
                    node.path("deadLettered").asLong(),
                    node.hasNonNull("committedAt") ? Instant.parse(node.get("committedAt").asText()) : null);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("unreadable offsets record for source " + key,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
