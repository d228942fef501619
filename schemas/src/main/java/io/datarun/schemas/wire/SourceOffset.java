package io.datarun.schemas.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;

/**
 * What one intake source (a connector, a dead-letter replay, or the push API of one gateway
 * replica) has committed, as it stands in {@link Topics#CONNECTOR_OFFSETS} under the source's
 * name: its position in the source and its cumulative counts, always with
 * {@code rowsSeen == accepted + deadLettered}. {@link IntakeCodec} turns it into bytes and back.
 *
 * @param connector   the source's name (also the record key)
 * @param position    where the source stands: {@link NullNode} before its first position (and for
 *                    push sources, which have none), a JSON object for a JDBC connector
 *                    ({@code {"ts":…,"key":…}}), text for any other connector; never null
 * @param committedAt when it was committed; null only for a record that carries no time
 */
public record SourceOffset(String connector, String dataset, JsonNode position, long rowsSeen, long accepted,
        long deadLettered, Instant committedAt) {

    public SourceOffset {
        position = position == null || position.isMissingNode() ? NullNode.getInstance() : position;
    }

    /** Whether the counts add up: every row seen was accepted or dead-lettered. */
    public boolean balanced() {
        return rowsSeen == accepted + deadLettered;
    }
}
