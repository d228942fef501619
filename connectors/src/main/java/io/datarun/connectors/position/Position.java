package io.datarun.connectors.position;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where one source row came from, as dead letters and the source-position header show it. */
public interface Position {
    /** The position as JSON, e.g. {@code {"ts": ..., "key": 42}} or {@code {"file": ..., "row": 7}}. */
    ObjectNode toJson();

    /**
     * {@link #toJson} as UTF-8 bytes: the source-position header every published record carries. A
     * position written once per row may write them directly, as long as a JSON reader gets the same.
     */
    default byte[] jsonBytes() {
        return io.datarun.schemas.wire.IntakeCodec.bytes(toJson());
    }

    /** The key of the row's dead letter. */
    String rowKey();
}
