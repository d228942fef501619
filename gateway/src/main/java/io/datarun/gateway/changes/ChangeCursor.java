package io.datarun.gateway.changes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a change-feed reader stands: for each partition of the dataset topic, the offset of the
 * next change it has not seen. Opaque to clients: base64url of {@code v1:<partition>=<offset>,...}.
 */
public record ChangeCursor(Map<Integer, Long> next) {
    private static final String VERSION = "v1:";

    public ChangeCursor {
        next = Map.copyOf(next);
    }

    public String encode() {
        String plain = VERSION + new TreeMap<>(next).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor this gateway handed out; anything else is an {@link IllegalArgumentException}. */
    public static ChangeCursor decode(String cursor) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64url");
        }
        if (!plain.startsWith(VERSION)) {
            throw new IllegalArgumentException("unknown cursor version");
        }
        Map<Integer, Long> next = new TreeMap<>();
        String body = plain.substring(VERSION.length());
        if (!body.isEmpty()) {
            for (String part : body.split(",", -1)) {
                String[] kv = part.split("=", -1);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("malformed position '" + part + "'");
                }
                try {
                    int partition = Integer.parseInt(kv[0]);
                    long offset = Long.parseLong(kv[1]);
                    if (partition < 0 || offset < 0 || next.put(partition, offset) != null) {
                        throw new IllegalArgumentException("invalid position '" + part + "'");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("malformed position '" + part + "'");
                }
            }
        }
        return new ChangeCursor(next);
    }
}
