package io.datarun.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates replica-to-replica reads with HMAC-SHA256 under the replicas' shared secret, in both
 * directions. A request is signed over its method, path, the calling replica and the time; the
 * answering replica refuses a signature that is wrong, older or newer than {@link #MAX_SKEW}, or
 * seen before (a replayed request). The answer is signed over the request's signature, its status
 * and a digest of its body, so a caller never takes a record that the peer replica did not send.
 * The secret itself never travels. (TLS on the internal listener, where configured, adds privacy.)
 */
public final class ReplicaSignature {
    public static final String REPLICA_HEADER = "X-Datarun-Replica";
    public static final String DATE_HEADER = "X-Datarun-Replica-Date";
    public static final String SIGNATURE_HEADER = "X-Datarun-Replica-Signature";
    static final Duration MAX_SKEW = Duration.ofSeconds(30);
    static final int MAX_REMEMBERED = 100_000;
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final Clock clock;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    public ReplicaSignature(String secret, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the replica secret is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** The headers a request of {@code replica} for {@code path} carries. */
    public Map<String, String> sign(String method, String path, String replica) {
        String date = Long.toString(clock.millis());
        return Map.of(REPLICA_HEADER, replica, DATE_HEADER, date,
                SIGNATURE_HEADER, mac("request", method, path, replica, date));
    }

    /** Whether a request is authentic, fresh and new; a request it accepts is not accepted again. */
    public boolean verify(String method, String path, String replica, String date, String signature) {
        if (replica == null || date == null || signature == null) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(date);
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.millis();
        if (Math.abs(now - at) > MAX_SKEW.toMillis()) {
            return false;
        }
        if (!equal(mac("request", method, path, replica, date), signature)) {
            return false;
        }
        forgetOld(now);
        return seen.putIfAbsent(signature, at) == null;
    }

    /** The signature of an answer to the request that carried {@code requestSignature}. */
    public String signAnswer(String requestSignature, int status, byte[] body) {
        return mac("answer", requestSignature, Integer.toString(status), digest(body));
    }

    public boolean verifyAnswer(String requestSignature, int status, byte[] body, String signature) {
        return signature != null && equal(signAnswer(requestSignature, status, body), signature);
    }

    private void forgetOld(long now) {
        if (seen.size() < MAX_REMEMBERED / 2) {
            seen.values().removeIf(at -> now - at > 2 * MAX_SKEW.toMillis());
            return;
        }
        // under a flood, forget the oldest first: a replay of those is refused by its age anyway
        seen.values().removeIf(at -> now - at > MAX_SKEW.toMillis());
        for (Iterator<String> it = seen.keySet().iterator(); seen.size() > MAX_REMEMBERED && it.hasNext(); ) {
            it.next();
            it.remove();
        }
    }

    private String mac(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String digest(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static boolean equal(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
