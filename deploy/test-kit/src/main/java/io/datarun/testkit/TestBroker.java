package io.datarun.testkit;

import io.datarun.kafkalocal.LocalKafkaBroker;
import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.schemas.kafka.KafkaClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one Kafka broker of a test suite: a single KRaft node in this JVM on free ports, in a fresh
 * temporary folder (which also holds whatever else the suite keeps on disk: {@link #root()}),
 * removed on {@link #close()}. Plain (anonymous) or secured as the demo is (SASL/SCRAM and exactly
 * the access plan's ACLs).
 */
public final class TestBroker implements AutoCloseable {
    private final Path root;
    private final LocalKafkaBroker broker;

    private TestBroker(Path root, LocalKafkaBroker broker) {
        this.root = root;
        this.broker = broker;
    }

    /** An unauthenticated broker; {@code name} prefixes the temporary folder's. */
    public static TestBroker start(String name) {
        Path root = tempFolder(name);
        return new TestBroker(root, LocalKafkaBroker.start(root.resolve("kafka"), 0, 0));
    }

    /** A broker that admits only the principals of the bundled schemas' access plan, with their ACLs. */
    public static TestBroker startSecured(String name) {
        Path root = tempFolder(name);
        return new TestBroker(root, LocalKafkaBroker.startSecured(root.resolve("kafka"), 0, 0,
                root.resolve("kafka-credentials"), KafkaAccessPlan.forBundledSchemas()));
    }

    private static Path tempFolder(String name) {
        try {
            return Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's temporary folder (the broker's data is in {@code kafka/} below it). */
    public Path root() {
        return root;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public LocalKafkaBroker broker() {
        return broker;
    }

    /** Client settings for {@code principal} on a secured broker, or just the address on a plain one. */
    public KafkaClientSettings clientSettings(String principal) {
        return broker.clientSettings(principal);
    }

    /**
     * An application's configuration keys for {@code principal}: every client property under
     * {@code prefix} ({@code kafka.}), plus {@code more}.
     */
    public Map<String, String> applicationConfig(String prefix, String principal, Map<String, String> more) {
        Map<String, String> config = new HashMap<>(more);
        clientSettings(principal).asMap().forEach((key, value) -> config.put(prefix + key, value.toString()));
        return config;
    }

    @Override
    public void close() {
        broker.close();
        Folders.deleteQuietly(root);
    }
}
