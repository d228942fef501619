package io.datarun.connectors.steward;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * {@link Topics#DECLARATIONS}: written by the runtime that accepted a steward's declaration (or its
 * deletion, a tombstone), and followed from its beginning by every runtime of the group, so each
 * one starts, restarts and stops the same connectors (the group then decides which runtime runs
 * them). One partition, compacted: the latest record per connector name is its declaration.
 */
public final class DeclarationTopic implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeclarationTopic.class);

    private final KafkaClientSettings kafka;
    private final TopicProvisioner provisioner;
    private final Duration timeout;
    private final TopicPartition partition = new TopicPartition(Topics.DECLARATIONS, 0);
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;
    private Thread thread;

    public DeclarationTopic(KafkaClientSettings kafka, TopicProvisioner provisioner, Duration timeout) {
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.timeout = timeout;
    }

    /** Writes a declaration, or a tombstone when {@code value} is empty; returns its offset once the broker has it. */
    public long write(String name, Optional<ApiDeclaration> value) {
        try {
            return producer().send(new ProducerRecord<>(Topics.DECLARATIONS, 0, name, value.map(ApiDeclaration::toJson)
                    .orElse(null))).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + Topics.DECLARATIONS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + Topics.DECLARATIONS, e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            ensureTopic();
            producer = new KafkaProducer<>(kafka.with(Map.of(ProducerConfig.CLIENT_ID_CONFIG, "datarun-connectors-declarations",
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG,
                "datarun-connectors-declarations-admin")))) {
            provisioner.ensure(admin, List.of(provisioner.declarationsTopic()));
        }
    }

    /**
     * Follows the topic from its beginning on a thread of its own: {@code apply} gets what each poll
     * read, the latest per connector name (empty for a tombstone). Kafka not reachable yet is retried.
     */
    public synchronized void follow(Consumer<Map<String, Optional<ApiDeclaration>>> apply) {
        thread = new Thread(() -> run(apply), "datarun-declarations-topic");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Consumer<Map<String, Optional<ApiDeclaration>>> apply) {
        long lastLogged = 0;
        while (!closed && consumer == null) {
            try {
                ensureTopic();
                KafkaConsumer<String, byte[]> created = new KafkaConsumer<>(kafka.with(Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG, "datarun-connectors-declarations",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)),
                        new StringDeserializer(), new ByteArrayDeserializer());
                created.assign(List.of(partition)); // no group: every runtime reads all of it
                created.seekToBeginning(List.of(partition));
                consumer = created;
            } catch (RuntimeException e) {
                if (System.nanoTime() - lastLogged > Duration.ofMinutes(1).toNanos()) {
                    lastLogged = System.nanoTime();
                    LOG.errorf("cannot follow %s yet, retrying (declarations sent through the API start once it "
                            + "can): %s", Topics.DECLARATIONS, e.getMessage());
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        try {
            while (!closed) {
                Map<String, Optional<ApiDeclaration>> latest = new LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.put(record.key(), Optional.empty());
                        continue;
                    }
                    try {
                        ApiDeclaration declaration = ApiDeclaration.fromJson(record.value());
                        if (!declaration.name().equals(record.key())) {
                            throw new IllegalArgumentException("its name '" + declaration.name() + "' is not its key");
                        }
                        latest.put(record.key(), Optional.of(declaration));
                    } catch (IllegalArgumentException e) {
                        LOG.errorf("%s offset %d key %s skipped: %s", Topics.DECLARATIONS, record.offset(), record.key(),
                                e.getMessage());
                    }
                }
                if (!latest.isEmpty()) {
                    apply.accept(latest);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "following %s stopped: %s", Topics.DECLARATIONS, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread running = thread;
        if (running != null) {
            if (current == null) {
                running.interrupt();
            }
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }
}
