package io.datarun.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a log line names a person or an address it must not show: an HMAC under a key drawn at start
 * and never written anywhere, so lines of one run can be correlated but the value cannot be
 * recovered by hashing every candidate (a resident ID has only about 10^10 of them).
 */
public final class KeyedHash {
    private static final SecretKeySpec KEY;

    static {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        KEY = new SecretKeySpec(key, "HmacSHA256");
    }

    private KeyedHash() {
    }

    /** 16 hex characters of HMAC-SHA256 over {@code value}. */
    public static String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            return "h:" + HexFormat.of().formatHex(mac.doFinal(String.valueOf(value).getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
