package io.datarun.connectors.position;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where one source row came from, as dead letters and the source-position header show it. */
public interface Position {
    /** The position as JSON, e.g. {@code {"ts": ..., "key": 42}} or {@code {"file": ..., "row": 7}}. */
    ObjectNode toJson();

    /** The key of the row's dead letter. */
    String rowKey();
}
