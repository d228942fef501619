package io.datarun.connectors.steward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a connector's secrets for the declarations topic: AES-256-GCM with a fresh 12-byte nonce,
 * the connector's name as associated data (a sealed box copied under another connector's name does
 * not open). Whoever reads the topic without the key sees the secrets' names, never their values.
 */
public final class SecretBox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param base64Key 32 bytes, base64 */
    public SecretBox(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("datarun.connectors.api.secrets-key: expected 32 bytes in base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("datarun.connectors.api.secrets-key: expected 32 bytes in base64, found "
                    + bytes.length + " bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public String seal(String connector, Map<String, String> secrets) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(connector.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(new TreeMap<>(secrets)));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal the secrets of connector " + connector + ": " + e, e);
        }
    }

    /** @throws IllegalArgumentException when the box was not sealed for this connector with this key */
    public Map<String, String> open(String connector, String box) {
        try {
            byte[] in = Base64.getDecoder().decode(box);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE));
            cipher.updateAAD(connector.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE, in.length - NONCE);
            return JSON.readValue(plain, new TypeReference<Map<String, String>>() { });
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the secrets of connector " + connector
                    + " do not open with this runtime's datarun.connectors.api.secrets-key (another key, or altered)", e);
        }
    }
}
