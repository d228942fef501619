package io.datarun.gateway.grants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.gateway.access.Grant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The JSON form of a managed grant in the grants topic (and, field for field, in the API). */
public final class GrantCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GrantCodec() {
    }

    public static byte[] encode(ManagedGrant managed) {
        try {
            return MAPPER.writeValueAsBytes(GrantView.of(managed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a topic value; throws {@link IllegalArgumentException} when it is not a grant. */
    public static ManagedGrant decode(byte[] bytes) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            Grant grant = new Grant(text(n, "consumer"), text(n, "dataset"), strings(n, "fields"), strings(n, "purposes"),
                    strings(n, "divisions"), Optional.ofNullable(text(n, "expires")).map(LocalDate::parse));
            return new ManagedGrant(text(n, "id"), ManagedGrant.API, text(n, "owner"), grant,
                    text(n, "createdBy"), instant(n, "createdAt"), text(n, "changedBy"), instant(n, "changedAt"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a grant: " + e.getMessage(), e);
        }
    }

    /**
     * The grant's own keys of a topic value ({@link GrantRequest}'s: consumer, dataset, ...) as written,
     * for {@link GrantValidator}; the bookkeeping keys (id, owner, who and when) are left out.
     */
    public static ObjectNode grantKeys(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("not a grant: not a JSON object");
            }
            ObjectNode keys = object.deepCopy();
            keys.retain(GrantValidator.KEYS);
            return keys;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a grant: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String key) {
        String value = text(node, key);
        return value == null ? null : Instant.parse(value);
    }

    private static Set<String> strings(JsonNode node, String key) {
        Set<String> result = new LinkedHashSet<>();
        node.path(key).forEach(v -> result.add(v.asText()));
        return Set.copyOf(result);
    }
}
