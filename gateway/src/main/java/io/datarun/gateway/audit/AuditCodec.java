package io.datarun.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The one canonical serialization of an audit event: compact UTF-8 JSON, keys in the fixed order
 * of {@link AuditEvent}'s components, {@code fields} sorted, times as ISO-8601 instants, absent
 * values as {@code null}. The hash is HMAC-SHA256 under the deployment's {@link AuditKey}
 * (lower-case hex) over that serialization without the {@code hash} key — so it covers {@code prevHash}, which links the event to its predecessor. An
 * event is stored exactly as {@link #encode} writes it; the verifier refuses any other spelling.
 */
public final class AuditCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, false);
    private static final List<String> KEYS = List.of("eventId", "chain", "seq", "at", "requestId", "action", "user",
            "department", "dataset", "subjectId", "fields", "purpose", "outcome", "detail", "prevHash", "hash");

    private AuditCodec() {
    }

    /** The stored form, hash included. */
    public static byte[] encode(AuditEvent event) {
        return write(node(event, true));
    }

    /** HMAC-SHA256 under {@code key} over the canonical form without the hash. */
    public static String hashOf(AuditEvent event, AuditKey key) {
        return key.mac(write(node(event, false)));
    }

    /** The event with its hash computed under {@code key}. */
    public static AuditEvent seal(AuditEvent event, AuditKey key) {
        return event.withHash(hashOf(event, key));
    }

    /** Parses a stored event; fails on unknown, missing or mistyped keys. */
    public static AuditEvent decode(byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        if (!Set.copyOf(keys).equals(Set.copyOf(KEYS)) || keys.size() != KEYS.size()) {
            throw new IllegalArgumentException("keys " + keys + " are not the audit event's " + KEYS);
        }
        if (!node.get("seq").canConvertToLong() || !node.get("seq").isIntegralNumber() || !node.get("fields").isArray()) {
            throw new IllegalArgumentException("seq must be a number and fields a list");
        }
        List<String> fields = new ArrayList<>();
        for (Iterator<JsonNode> it = node.get("fields").elements(); it.hasNext(); ) {
            fields.add(it.next().asText());
        }
        try {
            return new AuditEvent(text(node, "eventId"), text(node, "chain"), node.get("seq").asLong(),
                    node.get("at").isNull() ? null : Instant.parse(node.get("at").asText()),
                    text(node, "requestId"), text(node, "action"), text(node, "user"), text(node, "department"),
                    text(node, "dataset"), text(node, "subjectId"), fields, text(node, "purpose"),
                    text(node, "outcome"), text(node, "detail"), text(node, "prevHash"), text(node, "hash"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an ISO-8601 instant");
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be text");
        }
        return value.asText();
    }

    private static ObjectNode node(AuditEvent e, boolean withHash) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", e.eventId());
        node.put("chain", e.chain());
        node.put("seq", e.seq());
        node.put("at", e.at() == null ? null : e.at().toString());
        node.put("requestId", e.requestId());
        node.put("action", e.action());
        node.put("user", e.user());
        node.put("department", e.department());
        node.put("dataset", e.dataset());
        node.put("subjectId", e.subjectId());
        ArrayNode fields = node.putArray("fields");
        e.fields().forEach(fields::add);
        node.put("purpose", e.purpose());
        node.put("outcome", e.outcome());
        node.put("detail", e.detail());
        node.put("prevHash", e.prevHash());
        if (withHash) {
            node.put("hash", e.hash());
        }
        return node;
    }

    private static byte[] write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
