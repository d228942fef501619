package io.datarun.gateway.grants;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC every record of the grants topic carries in its {@value #HEADER} header:
 * HMAC-SHA256 over the grant id and the record value (a revocation: the id alone), under a key all
 * replicas share. Whoever can write {@code datarun._grants} but lacks the key cannot add, change or
 * revoke a grant: the replicas ignore the record and raise an alert. By default the key is derived
 * from the audit key (every replica already shares it); {@code datarun.gateway.grant-key} sets its own.
 */
public final class GrantSignature {
    public static final String HEADER = "datarun-grant-mac";
    private final SecretKeySpec key;

    public GrantSignature(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalStateException("the grants key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The grants key derived from the audit key, so a deployment needs no second secret. */
    public static GrantSignature derivedFrom(String auditKey) {
        return new GrantSignature(HexFormat.of().formatHex(new GrantSignature(auditKey).mac("datarun grants key v1", null)));
    }

    public byte[] sign(String id, byte[] value) {
        return mac(id, value);
    }

    public boolean verifies(String id, byte[] value, byte[] signature) {
        return signature != null && id != null && MessageDigest.isEqual(signature, mac(id, value));
    }

    private byte[] mac(String id, byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(id.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            if (value != null) {
                mac.update((byte) 1);
                mac.update(value);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
