package io.datarun.gateway.usage;

import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Appends one event per served read to the access log, which the usage report counts. Sent
 * asynchronously: usage statistics may lag a read by milliseconds, a read never waits for them.
 */
@ApplicationScoped
public class AccessLog {
    private static final Logger LOG = Logger.getLogger(AccessLog.class);
    private final KafkaProducer<String, byte[]> producer;

    public AccessLog(KafkaClients kafka) {
        this.producer = kafka.producer(Map.of(
                // never holds a read: with Kafka down, events wait in the buffer or are dropped (and logged)
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 100,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-access-log"),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void record(AccessEvent event) {
        byte[] value = JsonSerde.of(AccessEvent.class).serializer().serialize(Topics.ACCESS_LOG, event);
        try {
            producer.send(new ProducerRecord<>(Topics.ACCESS_LOG, event.dataset(), value), (metadata, error) -> {
                if (error != null) {
                    LOG.warnf("access event not recorded dataset=%s dept=%s error=%s", event.dataset(),
                            event.department(), error.getMessage());
                }
            });
        } catch (KafkaException e) {
            // the read is audited already; the usage statistics under-count it rather than fail it
            LOG.warnf("access event not recorded dataset=%s dept=%s error=%s", event.dataset(), event.department(),
                    e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
