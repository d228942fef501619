package io.datarun.gateway.grants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.gateway.access.Grant;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The grants topic on this replica: one thread reads {@code datarun._grants} (compacted, one
 * partition) from its beginning and keeps following it, applying every record to the
 * {@link GrantRegistry}; writes go to the topic and return once this replica has applied them, so
 * a steward's next request sees its own change. Every replica runs one, so a change made on any
 * replica reaches all of them; a restarted replica reads the topic again before it serves
 * (the topic holds one record per live grant, so that read is short).
 *
 * <p>A plain consumer rather than a Kafka Streams global store: the registry must be complete
 * before the first request is authorized, and a global store restored from its local checkpoint
 * would not replay into the in-memory snapshot decisions read.
 */
public final class GrantLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GrantLog.class);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final TopicPartition PARTITION = new TopicPartition(Topics.GRANTS, 0);

    private final KafkaClients kafka;
    private final TopicProvisioner provisioner;
    private final GrantRegistry registry;
    private final GrantSignature signature;
    private final GrantValidator validator;
    /** Valid but for naming a dataset or field this replica's schemas do not know yet; by key; reader thread only. */
    private final Map<String, HeldBack> heldBack = new java.util.LinkedHashMap<>();
    private final ReaderFreshness freshness = new ReaderFreshness(System::nanoTime, Duration.ofSeconds(10));
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private final Object progress = new Object();
    private volatile long applied = -1; // next offset to apply; -1 before the first poll
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread reader;

    /** @param validator the grants API's: a record it would refuse is never applied */
    public GrantLog(KafkaClients kafka, TopicProvisioner provisioner, GrantRegistry registry, GrantSignature signature,
            GrantValidator validator) {
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.registry = registry;
        this.signature = signature;
        this.validator = validator;
    }

    /** Whether the reader is running and keeping up; decisions made while it is not may use revoked grants. */
    public boolean current() {
        return freshness.current();
    }

    /**
     * Records of the topic ignored because their MAC or content failed, or the grants API's validator
     * refuses them (each one logged as an ALERT).
     */
    public long refusedRecords() {
        return refused.get();
    }

    /** Creates the topic if missing, reads it to its end, then keeps following it. */
    public GrantLog start(Duration timeout) {
        try (Admin admin = kafka.admin()) {
            provisioner.ensure(admin, List.of(provisioner.grantsTopic()));
        }
        consumer = kafka.withMetrics(kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "datarun-gateway-grants-reader"),
                new StringDeserializer(), new ByteArrayDeserializer()));
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        long end = consumer.endOffsets(List.of(PARTITION), timeout).get(PARTITION);
        producer = kafka.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-grants"),
                new StringSerializer(), new ByteArraySerializer());
        reader = new Thread(this::follow, "grants-reader");
        reader.setDaemon(true);
        reader.start();
        if (!awaitApplied(end, timeout)) {
            close();
            throw new IllegalStateException("could not read the grants topic " + Topics.GRANTS + " from "
                    + kafka.bootstrapServers() + " within " + timeout + "; is Kafka reachable?");
        }
        LOG.infof("grants loaded topic=%s offset=%d grants=%d (file and API)", Topics.GRANTS, end, registry.all().size());
        return this;
    }

    /** True once the topic has been read to the end it had at start. */
    public boolean loaded() {
        return applied >= 0;
    }


    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                retryHeldBack();
                long position = consumer.position(PARTITION);
                freshness.polled();
                synchronized (progress) {
                    applied = position;
                    progress.notifyAll();
                }
            }
        } catch (WakeupException stopping) {
            // close() wakes the reader up
        } catch (RuntimeException e) {
            LOG.errorf(e, "grants reader stopped: grant changes no longer reach this replica");
        } finally {
            freshness.stopped();
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header mac = record.headers().lastHeader(GrantSignature.HEADER);
        if (!signature.verifies(record.key(), record.value(), mac == null ? null : mac.value())) {
            refuse(record, mac == null ? "it carries no MAC" : "its MAC does not match (written without the grants key)");
            return;
        }
        heldBack.remove(record.key()); // a later record of the key replaces one held back
        if (record.value() == null) {
            registry.apply(record.key(), null);
            return;
        }
        ManagedGrant grant;
        ObjectNode keys;
        try {
            grant = GrantCodec.decode(record.value());
            keys = GrantCodec.grantKeys(record.value());
        } catch (IllegalArgumentException e) {
            refuse(record, "it is not a grant");
            return;
        }
        String problem = problem(record.key(), grant);
        if (problem != null) {
            refuse(record, problem);
            return;
        }
        GrantValidator.Result result = validator.validateStored(keys);
        if (!result.valid() && onlyUnknownSchema(result)) {
            // another replica may have registered the dataset (or a version with the field) a moment ago
            heldBack.put(record.key(), new HeldBack(grant, keys));
            LOG.warnf("grants topic offset=%d key=%s is held back until this replica knows its schema: %s",
                    record.offset(), record.key(), summary(result));
            return;
        }
        if (!result.valid()) {
            refuse(record, "the grants API would refuse it: " + summary(result));
            return;
        }
        registry.apply(record.key(), grant);
    }

    /** Applies the grants held back whose dataset and fields this replica now knows. */
    private void retryHeldBack() {
        for (String key : List.copyOf(heldBack.keySet())) {
            if (validator.validateStored(heldBack.get(key).keys()).valid()) {
                registry.apply(key, heldBack.remove(key).grant());
            }
        }
    }

    private record HeldBack(ManagedGrant grant, ObjectNode keys) {
    }

    private static boolean onlyUnknownSchema(GrantValidator.Result result) {
        return result.errors().stream().allMatch(e -> e.code().equals("dataset.unknown") || e.code().equals("field.unknown"));
    }

    private static String summary(GrantValidator.Result result) {
        return result.errors().stream().map(e -> e.field() + ": " + e.message() + " (" + e.code() + ")")
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** What makes a decoded grant unusable (a missing consumer would fail every decision), or null. */
    static String problem(String key, ManagedGrant managed) {
        Grant g = managed.grant();
        if (managed.id() == null || !managed.id().equals(key)) {
            return "its id is not its key";
        }
        if (blank(g.consumer()) || blank(g.dataset()) || g.fields().isEmpty() || g.purposes().isEmpty()) {
            return "it lacks a consumer, dataset, field or purpose";
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A record that cannot grant anything is skipped (the replica keeps serving) and raises an alert. */
    private void refuse(ConsumerRecord<String, byte[]> record, String why) {
        refused.incrementAndGet();
        LOG.errorf("ALERT grants topic offset=%d key=%s is ignored: %s; whoever wrote it can write %s without the "
                + "gateway (check the topic's ACLs)", record.offset(), record.key(), why, Topics.GRANTS);
    }

    /** Stores the grant's new state ({@code null}: revoked) and waits until this replica applies it. */
    public void write(String id, ManagedGrant grant) {
        long offset;
        try {
            byte[] value = grant == null ? null : GrantCodec.encode(grant);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.GRANTS, 0, id, value);
            record.headers().add(GrantSignature.HEADER, signature.sign(id, value));
            offset = producer.send(record).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("grant " + id + " was not stored", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException(e);
        }
        if (!awaitApplied(offset + 1, WRITE_TIMEOUT)) {
            throw new KafkaException("grant " + id + " was stored at offset " + offset + " but not read back in time");
        }
    }

    private boolean awaitApplied(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
