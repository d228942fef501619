package io.datarun.gateway.catalog;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes schema versions to the schemas topic and waits until this replica's {@link SchemaFollower}
 * has applied them, so the caller reads the outcome from the registry. Bounded by the answer timeout.
 */
@ApplicationScoped
public class SchemaPublisher {
    private static final Logger LOG = Logger.getLogger(SchemaPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final SchemaFollower follower;
    private final Duration timeout;

    public SchemaPublisher(GatewayConfig config, KafkaClients kafka, SchemaFollower follower) {
        this.follower = follower;
        this.timeout = config.answerTimeout();
        int millis = (int) timeout.toMillis();
        this.producer = kafka.producer(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-schemas",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, millis - 100),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(1000, millis)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Appends the schema; returns its offset once this replica has applied it. */
    public synchronized long publish(String key, byte[] schema) {
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(Topics.SCHEMAS, 0, key, schema)).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf("schema not published key=%s error=%s", key, e.getMessage());
            throw new Unavailable(Unavailable.Part.KAFKA);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(Unavailable.Part.KAFKA);
        }
        if (!follower.awaitApplied(offset, timeout)) {
            LOG.warnf("schema published key=%s offset=%d but not yet applied here within %s", key, offset, timeout);
        }
        return offset;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
