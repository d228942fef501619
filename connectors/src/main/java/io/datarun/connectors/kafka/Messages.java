package io.datarun.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.schemas.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The JSON a connector writes besides Avro records: dead letters (topic {@code <dataset>.dlq}),
 * offsets records (topic {@code datarun._connector-offsets}) and the source-position header.
 */
public final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** {@code {"ts": "2024-05-01T08:00:00.000000000", "key": 42}}; a numeric key stays a JSON number. */
    public static ObjectNode position(SourcePosition position) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ts", position.tsText());
        if (position.key() instanceof Long number) {
            node.put("key", number);
        } else if (position.key() instanceof BigDecimal decimal) {
            node.put("key", decimal);
        } else {
            node.put("key", position.key().toString());
        }
        return node;
    }

    public static byte[] positionHeader(Position position) {
        return bytes(position.toJson());
    }

    public static byte[] deadLetter(String connector, String dataset, Outcome.Rejected rejected, Instant rejectedAt) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", dataset);
        node.put("connector", connector);
        node.set("sourcePosition", rejected.position().toJson());
        ObjectNode raw = node.putObject("raw");
        rejected.raw().forEach(raw::put);
        ArrayNode violations = node.putArray("violations");
        for (Violation violation : rejected.violations()) {
            violations.addObject().put("field", violation.field()).put("code", violation.code())
                    .put("message", violation.message());
        }
        node.put("rejectedAt", rejectedAt.toString());
        return bytes(node);
    }

    public static byte[] offsets(String connector, String dataset, Progress progress, Instant committedAt) {
        ObjectNode node = JSON.createObjectNode();
        node.put("connector", connector);
        node.put("dataset", dataset);
        progress.position().ifPresentOrElse(p -> node.set("position", position(p)), () -> node.putNull("position"));
        node.put("rowsSeen", progress.rowsSeen());
        node.put("accepted", progress.accepted());
        node.put("deadLettered", progress.deadLettered());
        node.put("committedAt", committedAt.toString());
        return bytes(node);
    }

    /** The offsets record of a file or custom connector: its position is the source's own text. */
    public static byte[] offsets(String connector, String dataset, SourceProgress progress, Instant committedAt) {
        ObjectNode node = JSON.createObjectNode();
        node.put("connector", connector);
        node.put("dataset", dataset);
        progress.position().ifPresentOrElse(p -> node.put("position", p), () -> node.putNull("position"));
        node.put("rowsSeen", progress.rowsSeen());
        node.put("accepted", progress.accepted());
        node.put("deadLettered", progress.deadLettered());
        node.put("committedAt", committedAt.toString());
        return bytes(node);
    }

    /** Reads a file or custom connector's offsets record back; a null value (tombstone) resets it. */
    public static SourceProgress parseSourceOffsets(byte[] value) {
        if (value == null) {
            return SourceProgress.NONE;
        }
        JsonNode node = read(value);
        JsonNode position = node.path("position");
        if (!position.isTextual() && !position.isNull() && !position.isMissingNode()) {
            throw new IllegalStateException("the committed position of connector " + node.path("connector").asText()
                    + " is not a file or custom source's position (was it a JDBC connector?); give the connector a new name");
        }
        return new SourceProgress(position.isTextual() ? Optional.of(position.asText()) : Optional.empty(),
                node.path("rowsSeen").asLong(), node.path("accepted").asLong(), node.path("deadLettered").asLong());
    }

    /** Reads an offsets record back; a null value (tombstone) resets the connector. */
    public static Progress parseOffsets(byte[] value) {
        if (value == null) {
            return Progress.NONE;
        }
        JsonNode node = read(value);
        JsonNode position = node.path("position");
        Optional<SourcePosition> parsed = Optional.empty();
        if (position.isObject()) {
            JsonNode key = position.path("key");
            Object keyValue = key.isIntegralNumber() && key.canConvertToLong() ? (Object) key.longValue()
                    : key.isNumber() ? key.decimalValue() : key.asText();
            parsed = Optional.of(new SourcePosition(LocalDateTime.parse(position.path("ts").asText()), keyValue));
        }
        return new Progress(parsed, node.path("rowsSeen").asLong(), node.path("accepted").asLong(),
                node.path("deadLettered").asLong());
    }

    public static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
