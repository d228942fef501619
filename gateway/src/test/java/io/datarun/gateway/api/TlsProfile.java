package io.datarun.gateway.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;

/**
 * The gateway given a certificate, as an operator does it ({@code quarkus.http.ssl.certificate.files}
 * and {@code key-files}, PEM): a self-signed one made with the JDK's keytool for this test run.
 */
public class TlsProfile implements QuarkusTestProfile {
    static final Path DIR = Path.of("target/tls");
    static final Path CERT = DIR.resolve("gateway.crt");
    static final Path KEY = DIR.resolve("gateway.key");
    static final Path TRUST = DIR.resolve("gateway.p12");
    static final String PASSWORD = "test-only-password";

    @Override
    public Map<String, String> getConfigOverrides() {
        makeCertificate();
        return Map.of(
                "quarkus.http.ssl.certificate.files", CERT.toAbsolutePath().toString(),
                "quarkus.http.ssl.certificate.key-files", KEY.toAbsolutePath().toString(),
                "quarkus.http.test-ssl-port", "0");
    }

    static synchronized void makeCertificate() {
        if (Files.exists(CERT) && Files.exists(KEY)) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            Files.deleteIfExists(TRUST);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", TRUST.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(TRUST)) {
                store.load(in, PASSWORD.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey("gateway", PASSWORD.toCharArray());
            Certificate cert = store.getCertificate("gateway");
            Files.writeString(KEY, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(CERT, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
