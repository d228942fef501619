package io.datarun.gateway.forms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Locks the values a prefill found: {@code base64url(payload).base64url(HMAC-SHA256(payload))}, the
 * payload naming the form and version, the subject, when it was issued, and every locked field with
 * its value (a conflicting field: the values of its sources, one of which the clerk must keep). The
 * payload holds only values the clerk was shown; the key never leaves the gateway.
 */
public final class FormSeal {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;

    public FormSeal(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalStateException("datarun.gateway.form-seal-key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * What a seal vouches for; {@code locked} maps field name to its value or to the list of
     * conflicting values; {@code issuedTo} names the user it was issued to ({@code department/user}),
     * so a seal cannot be replayed by another user. {@code correctable} names the locked fields whose
     * value came from the issued-to user's own department, which a submission may correct with a
     * reason; {@code absent} the fields whose source has no record of a subject the grant reaches
     * (未在保): nothing may be typed into them.
     */
    public record Payload(String form, int version, String subject, Instant issuedAt, Map<String, Object> locked,
            String issuedTo, List<String> correctable, List<String> absent) {

        public Payload {
            correctable = correctable == null ? List.of() : List.copyOf(correctable);
            absent = absent == null ? List.of() : List.copyOf(absent);
        }

        /** A payload with nothing correctable and nothing absent. */
        public Payload(String form, int version, String subject, Instant issuedAt, Map<String, Object> locked,
                String issuedTo) {
            this(form, version, subject, issuedAt, locked, issuedTo, List.of(), List.of());
        }

        /** A payload bound to no user (verification refuses it for any submission). */
        public Payload(String form, int version, String subject, Instant issuedAt, Map<String, Object> locked) {
            this(form, version, subject, issuedAt, locked, null);
        }
    }

    public String sign(Payload payload) {
        try {
            Map<String, Object> fields = new TreeMap<>(Map.of("form", payload.form(), "version", payload.version(),
                    "subject", payload.subject(), "issuedAt", payload.issuedAt().toString(),
                    "locked", new TreeMap<>(payload.locked())));
            if (payload.issuedTo() != null) {
                fields.put("issuedTo", payload.issuedTo());
            }
            if (!payload.correctable().isEmpty()) {
                fields.put("correctable", payload.correctable());
            }
            if (!payload.absent().isEmpty()) {
                fields.put("absent", payload.absent());
            }
            byte[] body = JSON.writeValueAsBytes(fields);
            return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a form seal", e);
        }
    }

    /** The payload of an untampered seal; empty-handed callers get an {@link IllegalArgumentException}. */
    public Payload verify(String seal) {
        if (seal == null || seal.indexOf('.') < 0) {
            throw new IllegalArgumentException("not a seal");
        }
        try {
            byte[] body = Base64.getUrlDecoder().decode(seal.substring(0, seal.indexOf('.')));
            byte[] signature = Base64.getUrlDecoder().decode(seal.substring(seal.indexOf('.') + 1));
            if (!MessageDigest.isEqual(signature, mac(body))) {
                throw new IllegalArgumentException("signature does not match");
            }
            Map<String, Object> map = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
            @SuppressWarnings("unchecked")
            Map<String, Object> locked = (Map<String, Object>) map.get("locked");
            return new Payload((String) map.get("form"), ((Number) map.get("version")).intValue(),
                    (String) map.get("subject"), Instant.parse((String) map.get("issuedAt")), locked,
                    (String) map.get("issuedTo"), names(map.get("correctable")), names(map.get("absent")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable seal: " + e.getMessage(), e);
        }
    }

    private static List<String> names(Object list) {
        return list == null ? List.of() : ((List<?>) list).stream().map(Object::toString).toList();
    }

    /** True when a locked entry is a conflict (several sources' values) rather than one value. */
    public static boolean isConflict(Object locked) {
        return locked instanceof List<?>;
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
