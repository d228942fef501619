package io.datarun.gateway.disputes;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.Unavailable;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.store.StoreNames;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Disputes live in a compacted topic (latest state per id) and are read back from a global store. */
@ApplicationScoped
public class DisputeLog {
    private final KafkaProducer<String, byte[]> producer;
    private final RecordStore store;

    private final Duration answerTimeout;

    public DisputeLog(GatewayConfig config, KafkaClients kafka, RecordStore store) {
        this.answerTimeout = config.answerTimeout();
        this.store = store;
        this.producer = kafka.producer(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) answerTimeout.toMillis(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-disputes"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes the dispute's new state and waits until Kafka has it: a dispute is never only in memory. */
    public void write(Dispute dispute) {
        try {
            producer.send(new ProducerRecord<>(Topics.DISPUTES, dispute.id(),
                    JsonSerde.MAPPER.writeValueAsBytes(dispute.withReaders(null)))).get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new Unavailable(Unavailable.Part.KAFKA);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException(e);
        }
    }

    public List<Dispute> all() {
        return store.globalValues(StoreNames.DISPUTES).stream().map(DisputeLog::parse).toList();
    }

    public Optional<Dispute> find(String id) {
        return all().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private static Dispute parse(byte[] bytes) {
        try {
            return JsonSerde.MAPPER.readValue(bytes, Dispute.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
