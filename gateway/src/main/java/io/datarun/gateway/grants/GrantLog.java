package io.datarun.gateway.grants;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.grants.GrantCodec;
import io.datarun.gateway.grants.GrantRegistry;
import io.datarun.gateway.grants.ManagedGrant;
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
    private final Object progress = new Object();
    private volatile long applied = -1; // next offset to apply; -1 before the first poll
    private volatile boolean running = true;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Thread reader;

    public GrantLog(KafkaClients kafka, TopicProvisioner provisioner, GrantRegistry registry) {
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.registry = registry;
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
                long position = consumer.position(PARTITION);
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
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            registry.apply(record.key(), null);
            return;
        }
        try {
            registry.apply(record.key(), GrantCodec.decode(record.value()));
        } catch (IllegalArgumentException e) {
            // a foreign record cannot grant anything; skipping it keeps the replica serving
            LOG.errorf("grants topic offset=%d key=%s is not a grant and is ignored: %s", record.offset(), record.key(),
                    e.getMessage());
        }
    }

    /** Stores the grant's new state ({@code null}: revoked) and waits until this replica applies it. */
    public void write(String id, ManagedGrant grant) {
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(Topics.GRANTS, 0, id, grant == null ? null : GrantCodec.encode(grant)))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
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
