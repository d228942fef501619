package io.datarun.connectors.deadletter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.position.Position;

/**
 * The position of a replayed dead letter: which dead letter it came from and that letter's own
 * source position. A row refused again keeps its source key, so its new dead letter has the same
 * key as the first.
 */
record ReplayPosition(DeadLetter of) implements Position {
    @Override
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putObject("replayOf").put("partition", of.partition()).put("offset", of.offset());
        node.set("original", of.sourcePosition().deepCopy());
        return node;
    }

    @Override
    public String rowKey() {
        return of.key();
    }
}
