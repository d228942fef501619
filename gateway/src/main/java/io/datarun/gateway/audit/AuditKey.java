package io.datarun.gateway.audit;

import io.datarun.gateway.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the audit chain is keyed with: each event's {@code hash} is HMAC-SHA256 over its
 * canonical form under this key. Whoever can write the audit topic but does not hold the key
 * cannot compute a valid event, so cannot append a forgery nor rewrite the chain consistently.
 * The gateways and the verifier (API and {@code ./datarun audit verify}) hold it.
 */
public final class AuditKey {
    /** The local-only default; the gateway warns at start when it is used. */
    public static final String DEV_SECRET = GatewayConfig.AUDIT_DEV_KEY;
    public static final AuditKey DEV = new AuditKey(DEV_SECRET);
    private static final int MIN_LENGTH = 16;

    private final SecretKeySpec key;

    public AuditKey(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the audit key must be at least " + MIN_LENGTH
                    + " characters (set datarun.gateway.audit-key / DATARUN_AUDIT_KEY)");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public boolean isDev() {
        return this == DEV || java.util.Arrays.equals(key.getEncoded(), DEV_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex HMAC-SHA256 of {@code bytes}. */
    String mac(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(bytes));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
