package io.datarun.connectors.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.position.Position;
import java.time.Instant;

/** The source position of a tombstone from a key comparison: no row, the moment the comparison found the subject gone. */
public record KeyCheckPosition(Instant at) implements Position {
    @Override
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("keyCheck", at.toString());
    }

    @Override
    public String rowKey() {
        return "key-check";
    }
}
