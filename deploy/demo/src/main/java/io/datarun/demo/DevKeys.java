package io.datarun.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.logging.Logger;

/**
 * DEV-ONLY signing keys for the local demo: an RSA-2048 pair in PEM files
 * ({@value #PRIVATE_KEY_FILE}, PKCS#8; {@value #PUBLIC_KEY_FILE}, X.509 SubjectPublicKeyInfo)
 * that the gateway's {@code mp.jwt.verify.publickey.location} can point at. Anyone with the
 * folder can mint any token: production tokens come from a real OIDC provider.
 */
public final class DevKeys {
    public static final Path DEFAULT_DIR = Path.of("data", "dev-keys");
    public static final String PRIVATE_KEY_FILE = "privateKey.pem";
    public static final String PUBLIC_KEY_FILE = "publicKey.pem";
    private static final int KEY_SIZE = 2048;
    private static final Logger LOG = Logger.getLogger(DevKeys.class.getName());

    private final Path dir;

    public DevKeys(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path privateKeyFile() {
        return dir.resolve(PRIVATE_KEY_FILE);
    }

    public Path publicKeyFile() {
        return dir.resolve(PUBLIC_KEY_FILE);
    }

    /** True when both key files exist. */
    public boolean exist() {
        return Files.exists(privateKeyFile()) && Files.exists(publicKeyFile());
    }

    /**
     * Loads the pair, first creating it when neither file exists. One file without the other
     * is refused rather than overwritten: tokens already handed out may depend on it.
     */
    public KeyPair ensure() throws IOException {
        boolean hasPrivate = Files.exists(privateKeyFile());
        boolean hasPublic = Files.exists(publicKeyFile());
        if (!hasPrivate && !hasPublic) {
            create();
        } else if (hasPrivate != hasPublic) {
            throw new IllegalStateException(dir + " holds " + (hasPrivate ? PRIVATE_KEY_FILE : PUBLIC_KEY_FILE)
                    + " but not " + (hasPrivate ? PUBLIC_KEY_FILE : PRIVATE_KEY_FILE)
                    + ": restore the missing file, or delete the folder to create a new pair");
        }
        return new KeyPair(loadPublicKey(), loadPrivateKey());
    }

    public PrivateKey loadPrivateKey() throws IOException {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(readPem(privateKeyFile(), "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(privateKeyFile() + " is not a PKCS#8 RSA private key: " + e.getMessage(), e);
        }
    }

    public PublicKey loadPublicKey() throws IOException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(readPem(publicKeyFile(), "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(publicKeyFile() + " is not an X.509 RSA public key: " + e.getMessage(), e);
        }
    }

    private void create() throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
        createDirectory();
        write(privateKeyFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(publicKeyFile(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        LOG.info(() -> "created a DEV-ONLY RSA-" + KEY_SIZE + " key pair in " + dir.toAbsolutePath());
    }

    private void createDirectory() throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.isDirectory(dir)) {
            return; // an existing folder keeps the permissions its owner gave it
        }
        if (posix()) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

    private static void write(Path file, String content) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(ownerOnly);
            Files.createFile(file, attribute);
            Files.setPosixFilePermissions(file, ownerOnly); // the umask may have narrowed the attribute
        } else {
            Files.createFile(file);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] readPem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " is not a PEM file with a " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
