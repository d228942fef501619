package io.datarun.gateway.usage;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Records each served read twice, cheaply: one compact event keyed by {@code dataset|subject} on
 * {@code datarun._reads} (the dispute readers), and a count in memory ({@link UsageTally}) that goes
 * to {@code datarun._access-log} once per {@link #FLUSH_INTERVAL} per dataset, department and purpose
 * (the usage report), and at shutdown. Both are sent asynchronously: a read never waits for them, and
 * the statistics may lag a read by about a second.
 */
@ApplicationScoped
public class AccessLog {
    /** How long reads are summed before their counts are sent. */
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(AccessLog.class);

    private final KafkaProducer<String, byte[]> producer;
    private final UsageTally tally = new UsageTally();
    private final Serializer<UsageCount> counts = UsageCount.serde().serializer();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "datarun-usage-flush");
        thread.setDaemon(true);
        return thread;
    });

    public AccessLog(KafkaClients kafka) {
        this.producer = kafka.producer(Map.of(
                // never holds a read: with Kafka down, events wait in the buffer or are dropped (and logged)
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 100,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-access-log"),
                new StringSerializer(), new ByteArraySerializer());
        long every = FLUSH_INTERVAL.toMillis();
        flusher.scheduleWithFixedDelay(this::flushSafely, every, every, TimeUnit.MILLISECONDS);
    }

    public void record(AccessEvent event) {
        tally.add(event.dataset(), event.department(), event.purpose(), event.at());
        try {
            send(Topics.READS, SubjectReads.key(event.dataset(), event.subjectId()), SubjectReadLog.entry(event),
                    event.dataset(), event.department());
        } catch (IllegalArgumentException e) {
            LOG.warnf("read event not recorded dataset=%s dept=%s error=%s", event.dataset(), event.department(),
                    e.getMessage());
        }
    }

    /** Sends the counts summed since the last flush. */
    void flush() {
        for (UsageCount count : tally.drain()) {
            send(Topics.ACCESS_LOG, count.dataset(), counts.serialize(Topics.ACCESS_LOG, count),
                    count.dataset(), count.department());
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the next flush sends the next counts; these are lost (and logged), as a failed send is
            LOG.warnf("usage counts not recorded error=%s", e.getMessage());
        }
    }

    private void send(String topic, String key, byte[] value, String dataset, String department) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error != null) {
                    LOG.warnf("access event not recorded topic=%s dataset=%s dept=%s error=%s", topic, dataset,
                            department, error.getMessage());
                }
            });
        } catch (KafkaException e) {
            // the read is audited already; the usage statistics under-count it rather than fail it
            LOG.warnf("access event not recorded topic=%s dataset=%s dept=%s error=%s", topic, dataset, department,
                    e.getMessage());
        }
    }

    /** Sends what is still summed, then closes: counts are not lost at an orderly stop. */
    @PreDestroy
    void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushSafely();
        producer.close(Duration.ofSeconds(5));
    }
}
