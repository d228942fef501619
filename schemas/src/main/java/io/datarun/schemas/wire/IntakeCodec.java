package io.datarun.schemas.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.schemas.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec of the intake bookkeeping that travels beside the Avro records: {@link DeadLetter}
 * values of the dead-letter topics and {@link SourceOffset} values of the offsets topic, as compact
 * JSON. Encoding writes the members in a fixed order, so the same content always gives the same
 * bytes (the ones connectors and the push API wrote before this class existed); decoding is lenient
 * about members that are missing (they come back null, zero or as a missing node), because the
 * topics keep values written by older versions.
 */
public final class IntakeCodec {
    /**
     * Decimals are read exactly, as written: a JDBC position whose key is a NUMERIC(20,1) must
     * come back as that number, not as the nearest double, or the connector would resume elsewhere.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private IntakeCodec() {
    }

    /** {@code {"dataset","connector","sourcePosition","raw","violations","rejectedAt"}}. */
    public static byte[] encode(DeadLetter letter) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset", letter.dataset());
        node.put("connector", letter.connector());
        node.set("sourcePosition", letter.sourcePosition().isMissingNode() ? null : letter.sourcePosition());
        ObjectNode raw = node.putObject("raw");
        letter.raw().forEach(raw::put);
        ArrayNode violations = node.putArray("violations");
        for (Violation violation : letter.violations()) {
            violations.addObject().put("field", violation.field()).put("code", violation.code())
                    .put("message", violation.message());
        }
        node.put("rejectedAt", letter.rejectedAt() == null ? null : letter.rejectedAt().toString());
        return bytes(node);
    }

    /** {@code {"connector","dataset","position","rowsSeen","accepted","deadLettered","committedAt"}}. */
    public static byte[] encode(SourceOffset offset) {
        ObjectNode node = JSON.createObjectNode();
        node.put("connector", offset.connector());
        node.put("dataset", offset.dataset());
        node.set("position", offset.position());
        node.put("rowsSeen", offset.rowsSeen());
        node.put("accepted", offset.accepted());
        node.put("deadLettered", offset.deadLettered());
        node.put("committedAt", offset.committedAt() == null ? null : offset.committedAt().toString());
        return bytes(node);
    }

    /** A dead-letter value; fails with {@link IllegalArgumentException} when it is not a JSON object. */
    public static DeadLetter decodeDeadLetter(byte[] value) {
        JsonNode node = object(value, "dead letter");
        Map<String, String> raw = new LinkedHashMap<>();
        node.path("raw").fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asText()));
        List<Violation> violations = new ArrayList<>();
        node.path("violations").forEach(v -> violations.add(new Violation(v.path("field").asText(),
                v.path("code").asText(), v.path("message").asText())));
        return new DeadLetter(text(node, "dataset"), text(node, "connector"), node.path("sourcePosition"), raw,
                violations, instant(node, "rejectedAt"));
    }

    /** An offsets value; fails with {@link IllegalArgumentException} when it is not a JSON object. */
    public static SourceOffset decodeSourceOffset(byte[] value) {
        JsonNode node = object(value, "offsets record");
        return new SourceOffset(text(node, "connector"), text(node, "dataset"), node.path("position"),
                node.path("rowsSeen").asLong(), node.path("accepted").asLong(), node.path("deadLettered").asLong(),
                instant(node, "committedAt"));
    }

    /** Any JSON the intake writes beside records (a position header, a position's own text) as a tree. */
    public static JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /** A JSON tree as the compact bytes every intake value uses (the source-position header, for one). */
    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode object(byte[] value, String what) {
        JsonNode node = value == null ? null : readTree(value);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a " + what + ": expected a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + " is not an instant: '" + text + "'", e);
        }
    }
}
