package io.datarun.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Where a connector stands in the first load of its table, the one streaming pass in key order
 * ({@link SnapshotQuery}): the key of the last row committed, none before the first commit. The pass
 * reads the rows whose watermark was at or before the connector's watermark position when it began
 * (the position it switches to afterwards, kept beside this in the offsets record), so a row changed
 * during the pass is read once more by the watermark polls that follow, never missed.
 *
 * @param after a {@link Long}, {@link java.math.BigDecimal} or {@link String}, as the key column holds it
 */
public record Snapshot(Optional<Object> after) {
    public static final Snapshot START = new Snapshot(Optional.empty());

    public Snapshot {
        after = after.map(SourcePosition::normalizeKey);
    }

    /** The pass goes on after the row with this key. */
    public static Snapshot after(Object key) {
        return new Snapshot(Optional.of(key));
    }

    /** {@code {"after": 42}}, or {@code {}} before the first commit; a numeric key stays a number. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        after.ifPresent(key -> SourcePosition.putKey(node, "after", key));
        return node;
    }

    public static Snapshot fromJson(JsonNode json) {
        JsonNode after = json.path("after");
        return after.isMissingNode() || after.isNull() ? START : after(SourcePosition.keyOf(after));
    }

    @Override
    public String toString() {
        return "first load after key " + after.map(String::valueOf).orElse("(start)");
    }
}
