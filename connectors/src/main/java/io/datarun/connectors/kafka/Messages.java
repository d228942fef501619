package io.datarun.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datarun.connectors.jdbc.Snapshot;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.position.Position;
import io.datarun.schemas.wire.DeadLetter;
import io.datarun.schemas.wire.IntakeCodec;
import io.datarun.schemas.wire.SourceOffset;
import java.time.Instant;
import java.util.Optional;

/**
 * What a connector writes besides Avro records — dead letters (topic {@code <dataset>.dlq}),
 * offsets records (topic {@code datarun._connector-offsets}) and the source-position header — in the
 * terms of this runtime (outcomes, progress); the format itself is the contract's
 * {@link IntakeCodec}, which the gateway uses too.
 */
public final class Messages {
    private Messages() {
    }

    public static byte[] positionHeader(Position position) {
        return position.jsonBytes();
    }

    public static byte[] deadLetter(String connector, String dataset, Outcome.Rejected rejected, Instant rejectedAt) {
        return IntakeCodec.encode(new DeadLetter(dataset, connector, rejected.position().toJson(), rejected.raw(),
                rejected.violations(), rejectedAt));
    }

    public static byte[] offsets(String connector, String dataset, Progress progress, Instant committedAt) {
        ObjectNode position = progress.position().map(SourcePosition::toJson).orElse(null);
        if (position != null && progress.snapshot().isPresent()) {
            position.set("snapshot", progress.snapshot().get().toJson());
        }
        return IntakeCodec.encode(new SourceOffset(connector, dataset, position, progress.rowsSeen(),
                progress.accepted(), progress.deadLettered(), committedAt));
    }

    /** The offsets record of a file or custom connector: its position is the source's own text. */
    public static byte[] offsets(String connector, String dataset, SourceProgress progress, Instant committedAt) {
        return IntakeCodec.encode(new SourceOffset(connector, dataset, progress.position().map(TextNode::valueOf)
                .orElse(null), progress.rowsSeen(), progress.accepted(), progress.deadLettered(), committedAt));
    }

    /** Reads a file or custom connector's offsets record back; a null value (tombstone) resets it. */
    public static SourceProgress parseSourceOffsets(byte[] value) {
        if (value == null) {
            return SourceProgress.NONE;
        }
        SourceOffset offset = IntakeCodec.decodeSourceOffset(value);
        JsonNode position = offset.position();
        if (!position.isTextual() && !position.isNull()) {
            throw new IllegalStateException("the committed position of connector " + offset.connector()
                    + " is not a file or custom source's position (was it a JDBC connector?); give the connector a new name");
        }
        return new SourceProgress(position.isTextual() ? Optional.of(position.asText()) : Optional.empty(),
                offset.rowsSeen(), offset.accepted(), offset.deadLettered());
    }

    /** Reads a JDBC connector's offsets record back; a null value (tombstone) resets the connector. */
    public static Progress parseOffsets(byte[] value) {
        if (value == null) {
            return Progress.NONE;
        }
        SourceOffset offset = IntakeCodec.decodeSourceOffset(value);
        Optional<SourcePosition> position = offset.position().isObject()
                ? Optional.of(SourcePosition.fromJson(offset.position())) : Optional.empty();
        // a first load under way: {"ts": .., "key": .., "snapshot": {"after": ..}}
        Optional<Snapshot> snapshot = offset.position().has("snapshot")
                ? Optional.of(Snapshot.fromJson(offset.position().get("snapshot"))) : Optional.empty();
        return new Progress(position, snapshot, offset.rowsSeen(), offset.accepted(), offset.deadLettered());
    }

    /** Any JSON value a connector wrote (a position header, a position's text) as a tree. */
    public static JsonNode read(byte[] value) {
        return IntakeCodec.readTree(value);
    }
}
