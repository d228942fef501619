package io.datarun.kafkalocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The local broker's passwords: one random password per principal, generated once and kept in
 * {@code <dir>/passwords.properties} (mode 600, in a folder of mode 700), so a restarted demo keeps
 * its credentials and nobody else on the machine can read them. The broker's own identity
 * ({@value #BROKER}) authenticates brokers and controllers to each other; every other principal is
 * a SCRAM-SHA-512 user on the client listener.
 */
public final class KafkaCredentials {
    /** The brokers' and controllers' own identity (a super user); never handed to a client. */
    public static final String BROKER = "datarun-broker";
    /** The SASL mechanism of the client listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String FILE = "passwords.properties";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Map<String, String> passwords;

    private KafkaCredentials(Path dir, Map<String, String> passwords) {
        this.dir = dir;
        this.passwords = Map.copyOf(passwords);
    }

    /** Reads the folder's passwords and generates (and stores) those missing for the broker and {@code users}. */
    public static KafkaCredentials loadOrCreate(Path dir, Collection<String> users) {
        try {
            createPrivateDirectory(dir);
            Path file = dir.resolve(FILE);
            Map<String, String> passwords = new TreeMap<>();
            if (Files.exists(file)) {
                Properties stored = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    stored.load(in);
                }
                stored.stringPropertyNames().forEach(name -> passwords.put(name, stored.getProperty(name)));
            }
            boolean changed = passwords.putIfAbsent(BROKER, newPassword()) == null;
            for (String user : users) {
                changed |= passwords.putIfAbsent(user, newPassword()) == null;
            }
            if (changed) {
                StringBuilder text = new StringBuilder("# datarun local Kafka: one password per principal, generated once\n");
                passwords.forEach((user, password) -> text.append(user).append('=').append(password).append('\n'));
                writePrivate(file, text.toString());
            }
            return new KafkaCredentials(dir, passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the Kafka credentials in " + dir.toAbsolutePath(), e);
        }
    }

    private static String newPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    public Path dir() {
        return dir;
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka credentials for '" + user + "' in " + dir.toAbsolutePath());
        }
        return password;
    }

    /** The SCRAM users: every principal but the broker's own. */
    public Set<String> users() {
        Map<String, String> users = new TreeMap<>(passwords);
        users.remove(BROKER);
        return users.keySet();
    }

    /** The JAAS line a client logs in with as {@code user}. */
    public String jaasConfig(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password(user) + "\";";
    }

    /** Java client properties of {@code user} against {@code bootstrapServers} (SASL over loopback, no TLS). */
    public Map<String, Object> clientProperties(String user, String bootstrapServers) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", MECHANISM);
        properties.put("sasl.jaas.config", jaasConfig(user));
        return properties;
    }

    /**
     * Writes {@code <dir>/<user>.properties} (mode 600), the file Kafka's console tools take with
     * {@code --command-config} and datarun's tools with {@code --kafka-config}; returns its path.
     */
    public Path writeClientProperties(String user, String bootstrapServers) {
        StringBuilder text = new StringBuilder("# Kafka client settings of " + user + " (datarun local broker)\n");
        // written by hand: Properties.store would escape the '=' and ':' that kcat -F reads literally
        clientProperties(user, bootstrapServers).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve(user + ".properties");
        try {
            writePrivate(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
        }
        return file.toAbsolutePath();
    }

    /**
     * Writes {@code <dir>/<user>.kcat.conf} (mode 600): the same login in librdkafka's terms, for
     * {@code kcat -F}, which refuses a Java JAAS line; returns its path. SASL/PLAIN, which the local
     * broker accepts from the operator only: librdkafka before 2.6.1 (Debian's kcat) fails SCRAM
     * against Kafka 4 brokers.
     */
    public Path writeKcatConfig(String user, String bootstrapServers) {
        String text = "# kcat (librdkafka) settings of " + user + " (datarun local broker)\n"
                + "bootstrap.servers=" + bootstrapServers + "\n"
                + "security.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanisms=PLAIN\n"
                + "sasl.username=" + user + "\n"
                + "sasl.password=" + password(user) + "\n";
        Path file = dir.resolve(user + ".kcat.conf");
        try {
            writePrivate(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
        }
        return file.toAbsolutePath();
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Writes a file only its owner can read, restricted before any secret is in it. */
    static void writePrivate(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (posix()) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
