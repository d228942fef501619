package io.datarun.schemas.wire;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@link Topics#SCHEMAS} into a {@link SchemaRegistry}: every gateway replica and connector
 * runtime reads it from the beginning at start ({@link #catchUp}) and then keeps following it on a
 * thread of its own ({@link #follow}), so a dataset or version registered through one gateway is
 * known everywhere within a poll.
 *
 * <p>The topic is one partition, so it is one order that every process applies alike: the first
 * schema of a dataset version in the log wins, and a later one for the same version (two stewards
 * racing) is ignored everywhere. Keys carry the schema's fingerprint so compaction never drops the
 * winner in favour of the loser. A value that is not a valid datarun schema is skipped with a
 * warning, never applied.
 */
public final class SchemaLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SchemaLog.class.getName());

    private final SchemaRegistry registry;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition = new TopicPartition(Topics.SCHEMAS, 0);
    private final List<Consumer<DatasetDescriptor>> listeners = new CopyOnWriteArrayList<>();
    /** How often a runtime started before any gateway looks whether the topic exists now. */
    static final Duration ABSENT_CHECK = Duration.ofSeconds(5);
    private volatile long position;
    private volatile boolean closed;
    /** The topic did not exist at {@link #catchUp}: nothing is assigned until it does. */
    private volatile boolean absent;
    private Thread thread;

    /** {@code clientConfig}: the process's Kafka client settings (bootstrap, security). */
    public SchemaLog(SchemaRegistry registry, Map<String, Object> clientConfig) {
        this.registry = registry;
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a topic created later is read whole
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // the gateway creates it, with its settings
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, no group: every process reads all of it
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The key of a schema in the topic: dataset, version and fingerprint. */
    public static String key(DatasetDescriptor descriptor) {
        return Topics.schemaKey(descriptor.id(), descriptor.version()) + "/"
                + Long.toHexString(SchemaRegistry.fingerprint(descriptor.schema()));
    }

    public static byte[] value(DatasetDescriptor descriptor) {
        return descriptor.schema().toString(true).getBytes(StandardCharsets.UTF_8);
    }

    /** Called with each dataset version this log adds to the registry (not with those already known). */
    public void onAdded(Consumer<DatasetDescriptor> listener) {
        listeners.add(listener);
    }

    /** Reads the topic from the beginning to its current end, applying every schema; bounded by {@code timeout}. */
    public synchronized void catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!exists(timeout)) {
            // not assigned: a consumer assigned a missing topic asks for its metadata (and logs a warning)
            // about ten times a second until it appears
            absent = true;
            LOG.info(Topics.SCHEMAS + " does not exist yet: only the shipped schemas are known until a gateway creates it");
            return;
        }
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + Topics.SCHEMAS + " to its end took longer than " + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
        }
        position = consumer.position(partition);
    }

    /** Keeps applying new schemas on a daemon thread until {@link #close}. Call after {@link #catchUp}. */
    public synchronized void follow() {
        thread = new Thread(() -> {
            try {
                while (!closed) {
                    if (absent && !appeared()) {
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    position = consumer.position(partition);
                }
            } catch (WakeupException e) {
                if (!closed) {
                    throw e;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "following " + Topics.SCHEMAS + " stopped: " + e, e);
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "datarun-schema-log");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean exists(Duration timeout) {
        // the topic list names only what exists: no metadata request for a missing topic, so no warning
        return consumer.listTopics(timeout).containsKey(Topics.SCHEMAS);
    }

    /** Waits {@link #ABSENT_CHECK}, then whether the topic exists now; if so, reads it from its beginning. */
    private boolean appeared() {
        try {
            Thread.sleep(ABSENT_CHECK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return false;
        }
        if (closed || !exists(ABSENT_CHECK)) {
            return false;
        }
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        absent = false;
        LOG.info(Topics.SCHEMAS + " exists now: following it from its beginning");
        return true;
    }

    /** The next offset this log will read: everything below it has been applied. */
    public long position() {
        return position;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // versions are never removed; a tombstone is an operator's mistake, not an instruction
        }
        String origin = Topics.SCHEMAS + " offset " + record.offset() + " key " + record.key();
        DatasetDescriptor descriptor;
        try {
            Schema schema = new Schema.Parser().parse(new String(record.value(), StandardCharsets.UTF_8));
            descriptor = DatasetDescriptor.of(schema, origin);
        } catch (SchemaParseException | IllegalArgumentException e) {
            LOG.warning("schema skipped, not a valid datarun schema: " + origin + ": " + e.getMessage());
            return;
        }
        switch (registry.register(descriptor)) {
            case ADDED -> {
                LOG.info("schema registered dataset=" + descriptor.id() + " version=" + descriptor.version()
                        + " source=" + origin);
                listeners.forEach(listener -> listener.accept(descriptor));
            }
            case CLASHES -> LOG.warning("schema ignored dataset=" + descriptor.id() + " version=" + descriptor.version()
                    + " source=" + origin + ": another schema holds this version (the first in the log wins)");
            case KNOWN -> {
                // shipped, or applied before (a replay at start, or this process's own registration)
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        Thread running = thread;
        if (running == null) {
            consumer.close(Duration.ofSeconds(2));
        } else {
            if (absent) {
                running.interrupt(); // waiting between looks for the topic, not inside the consumer
            }
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
