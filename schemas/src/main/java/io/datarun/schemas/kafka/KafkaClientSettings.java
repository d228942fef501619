package io.datarun.schemas.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The standard Kafka client properties ({@code bootstrap.servers}, {@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, ...) that one process gives <em>every</em> Kafka client it
 * creates: producers, consumers, admin clients and Kafka Streams alike. A process has exactly one
 * of these, read from one place: its configuration keys under {@code kafka.} (e.g.
 * {@code kafka.security.protocol}) or the matching environment variables ({@code KAFKA_SECURITY_PROTOCOL},
 * underscores read as dots), or, for the command-line tools, a Java client properties file.
 *
 * <p>An environment variable is taken only when it names a property of Kafka's producer, consumer or
 * admin client ({@link #CLIENT_PROPERTIES}); any other {@code KAFKA_*} variable is ignored. Kubernetes
 * injects one for every Service of the namespace (a Service named {@code kafka} gives
 * {@code KAFKA_PORT=tcp://10.0.0.7:9092}, {@code KAFKA_SERVICE_HOST}, {@code KAFKA_PORT_9092_TCP_ADDR},
 * ...), and those are not client settings.
 *
 * <p>Clients add only what is theirs (a transactional id, a group id, serializers) with
 * {@link #with(Map)}; nothing here is ever dropped by a client, so a security setting cannot be
 * silently ignored by one of them.
 */
public final class KafkaClientSettings {
    /** Configuration and environment prefix of the client properties. */
    public static final String PREFIX = "kafka.";
    /** Keys under {@code kafka.} that belong to Quarkus, not to the Kafka client. */
    private static final Set<String> NOT_CLIENT_KEYS = Set.of("devservices", "health", "snappy", "tls-configuration-name");
    private static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    /** Every property a Kafka producer, consumer or admin client knows: what a {@code KAFKA_*} variable may set. */
    public static final Set<String> CLIENT_PROPERTIES = clientProperties();

    private final Map<String, Object> properties;

    private KafkaClientSettings(Map<String, Object> properties) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Settings of exactly these client properties (names without the {@code kafka.} prefix). */
    public static KafkaClientSettings of(Map<String, ?> clientProperties) {
        Map<String, Object> copy = new LinkedHashMap<>();
        clientProperties.forEach((k, v) -> {
            if (v != null && !v.toString().isEmpty()) {
                copy.put(k, v);
            }
        });
        copy.putIfAbsent("bootstrap.servers", DEFAULT_BOOTSTRAP);
        return new KafkaClientSettings(copy);
    }

    /**
     * Settings read from a configuration's property names: every {@code kafka.x.y} key, and every
     * {@code KAFKA_X_Y} environment-style name, becomes client property {@code x.y}. A dotted key
     * wins over the environment-style spelling of the same property.
     */
    public static KafkaClientSettings fromConfig(Iterable<String> names, Function<String, String> value) {
        Map<String, Object> fromEnv = new LinkedHashMap<>();
        Map<String, Object> fromKeys = new LinkedHashMap<>();
        for (String name : names) {
            if (name.startsWith(PREFIX)) {
                String key = name.substring(PREFIX.length());
                if (isClientKey(key)) {
                    put(fromKeys, key, value.apply(name));
                }
            } else if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (CLIENT_PROPERTIES.contains(key)) {
                    put(fromEnv, key, value.apply(name));
                }
            }
        }
        fromEnv.putAll(fromKeys);
        return of(fromEnv);
    }

    /** The process environment's {@code KAFKA_*} variables (what a command-line tool has without a file). */
    public static KafkaClientSettings fromEnvironment(Map<String, String> env) {
        return fromConfig(env.keySet(), env::get);
    }

    /**
     * A Java client properties file, as Kafka's own console tools take it ({@code --command-config}),
     * with the process environment's {@code KAFKA_*} variables under it (the file wins).
     */
    public static KafkaClientSettings load(Path file, Map<String, String> env) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client properties " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, Object> merged = new LinkedHashMap<>(fromEnvironment(env).properties);
        props.stringPropertyNames().forEach(name -> put(merged, name, props.getProperty(name)));
        return of(merged);
    }

    private static Set<String> clientProperties() {
        Set<String> names = new java.util.TreeSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        names.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        return Collections.unmodifiableSet(names);
    }

    private static boolean isClientKey(String key) {
        String first = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        return !key.isEmpty() && !NOT_CLIENT_KEYS.contains(first) && !NOT_CLIENT_KEYS.contains(key);
    }

    private static void put(Map<String, Object> target, String key, String value) {
        if (value != null && !value.isBlank()) {
            target.put(key, value.strip());
        }
    }

    /** This process's client properties plus a client's own ({@code own} wins on the same key). */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> merged = new LinkedHashMap<>(properties);
        merged.putAll(own);
        return merged;
    }

    /** The client properties alone (for an admin client, or to print). */
    public Map<String, Object> asMap() {
        return properties;
    }

    /** The same settings against other brokers. */
    public KafkaClientSettings withBootstrapServers(String bootstrapServers) {
        Map<String, Object> copy = new LinkedHashMap<>(properties);
        copy.put("bootstrap.servers", bootstrapServers);
        return new KafkaClientSettings(copy);
    }

    public String bootstrapServers() {
        return properties.get("bootstrap.servers").toString();
    }

    /** {@code security.protocol}, {@code PLAINTEXT} when not set. */
    public String securityProtocol() {
        Object protocol = properties.get("security.protocol");
        return protocol == null ? "PLAINTEXT" : protocol.toString().toUpperCase(Locale.ROOT);
    }

    /** Whether the broker learns who this client is: SASL, or TLS with a client certificate (mTLS). */
    public boolean authenticated() {
        String protocol = securityProtocol();
        return protocol.startsWith("SASL_") || "SSL".equals(protocol)
                && (properties.containsKey("ssl.keystore.location") || properties.containsKey("ssl.keystore.key"));
    }

    /** Whether the connection is encrypted (TLS). */
    public boolean encrypted() {
        String protocol = securityProtocol();
        return "SSL".equals(protocol) || "SASL_SSL".equals(protocol);
    }

    /** The SASL user name in a SCRAM or PLAIN JAAS line, if any (for log lines; never the password). */
    public java.util.Optional<String> principal() {
        Object jaas = properties.get("sasl.jaas.config");
        if (jaas == null) {
            return java.util.Optional.empty();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("username\\s*=\\s*\"([^\"]*)\"").matcher(jaas.toString());
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /** Secrets masked: safe for a log line. */
    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
        return shown.toString();
    }

    static boolean isSecret(String key) {
        return key.equals("sasl.jaas.config") || key.contains("password") || key.endsWith(".key") || key.contains("secret");
    }
}
