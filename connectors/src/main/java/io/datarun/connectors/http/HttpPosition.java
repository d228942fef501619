package io.datarun.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The committed position of an HTTP source, as JSON: {@code {"since": "<change time of the last
 * committed item>", "keys": ["<keys committed at exactly that time>", …]}}. Everything changed
 * before {@code since} is committed; at {@code since}, exactly the listed keys are.
 */
public record HttpPosition(String since, Set<String> keys) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpPosition START = new HttpPosition(null, Set.of());

    public HttpPosition {
        keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }

    public static HttpPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        try {
            JsonNode node = JSON.readTree(text);
            Set<String> keys = new LinkedHashSet<>();
            node.path("keys").forEach(k -> keys.add(k.asText()));
            JsonNode since = node.get("since");
            return new HttpPosition(since == null || since.isNull() ? null : since.asText(), keys);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an HTTP source position: " + text, e);
        }
    }

    public String toText() {
        ObjectNode node = JSON.createObjectNode();
        node.put("since", since);
        ArrayNode array = node.putArray("keys");
        keys.forEach(array::add);
        return node.toString();
    }

    /** The position text of one item, shown in its dead letter and record header. */
    static String rowText(String since, String key) {
        ObjectNode node = JSON.createObjectNode();
        node.put("since", since);
        node.put("key", key);
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
