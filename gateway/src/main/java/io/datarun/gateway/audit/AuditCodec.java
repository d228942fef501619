package io.datarun.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** An event sealed under a key, with its stored form. */
    public record Sealed(AuditEvent event, byte[] stored) {
    }

    /** The stored form, hash included. */
    public static byte[] encode(AuditEvent event) {
        return write(event, true);
    }

    /** HMAC-SHA256 under {@code key} over the canonical form without the hash. */
    public static String hashOf(AuditEvent event, AuditKey key) {
        return key.mac(write(event, false));
    }

    /** The event with its hash computed under {@code key}. */
    public static AuditEvent seal(AuditEvent event, AuditKey key) {
        return event.withHash(hashOf(event, key));
    }

    /**
     * {@link #seal} and {@link #encode} with one serialization, for the writer: the hash is the last
     * key, so the stored form is the canonical form with {@code ,"hash":"<hex>"} before its closing brace.
     */
    public static Sealed sealAndEncode(AuditEvent event, AuditKey key) {
        byte[] canonical = write(event, false);
        String hash = key.mac(canonical);
        byte[] tail = (",\"hash\":\"" + hash + "\"}").getBytes(StandardCharsets.US_ASCII); // lower-case hex
        byte[] stored = Arrays.copyOf(canonical, canonical.length - 1 + tail.length);
        System.arraycopy(tail, 0, stored, canonical.length - 1, tail.length);
        return new Sealed(event.withHash(hash), stored);
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

    /**
     * Written key by key with the mapper's own generator (no tree of nodes per event: the writer thread
     * serializes every event twice, for its hash and for Kafka): the same characters as the tree
     * {@code ObjectNode} this replaced, which {@code AuditCodecTest} holds to.
     */
    private static byte[] write(AuditEvent e, boolean withHash) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            text(json, "eventId", e.eventId());
            text(json, "chain", e.chain());
            json.writeNumberField("seq", e.seq());
            text(json, "at", e.at() == null ? null : e.at().toString());
            text(json, "requestId", e.requestId());
            text(json, "action", e.action());
            text(json, "user", e.user());
            text(json, "department", e.department());
            text(json, "dataset", e.dataset());
            text(json, "subjectId", e.subjectId());
            json.writeArrayFieldStart("fields");
            for (String field : e.fields()) {
                json.writeString(field);
            }
            json.writeEndArray();
            text(json, "purpose", e.purpose());
            text(json, "outcome", e.outcome());
            text(json, "detail", e.detail());
            text(json, "prevHash", e.prevHash());
            if (withHash) {
                text(json, "hash", e.hash());
            }
            json.writeEndObject();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void text(JsonGenerator json, String key, String value) throws IOException {
        if (value == null) {
            json.writeNullField(key);
        } else {
            json.writeStringField(key, value);
        }
    }
}
