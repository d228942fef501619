package io.datarun.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.position.Position;

/**
 * The position of a row of a file or custom source: the source's own text. When that text is a
 * JSON object (the file source writes {@code {"file":…,"sha256":…,"row":…}}) it is shown as such.
 */
public record TextPosition(String text) implements Position {
    @Override
    public ObjectNode toJson() {
        if (text.startsWith("{")) {
            try {
                JsonNode node = Messages.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (node instanceof ObjectNode object) {
                    return object;
                }
            } catch (RuntimeException e) {
                // not JSON after all: shown as text
            }
        }
        return JsonNodeFactory.instance.objectNode().put("position", text);
    }

    @Override
    public String rowKey() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
