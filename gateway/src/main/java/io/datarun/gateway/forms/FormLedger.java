package io.datarun.gateway.forms;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.store.StoreNames;
import io.datarun.gateway.store.StreamsRuntime;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Writes the form-burden ledger (topic {@link Topics#FORM_LEDGER}) and reads its totals back from
 * the serving topology's store. The topic is created before the serving stores start, which read it.
 */
@ApplicationScoped
public class FormLedger {
    private final StreamsRuntime runtime;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    /** The ledger topic is created with the serving stores' topics ({@link StreamsRuntime}), which read it. */
    public FormLedger(GatewayConfig config, KafkaClients kafka, StreamsRuntime runtime) {
        this.runtime = runtime;
        this.timeout = config.answerTimeout();
        this.producer = kafka.producer(Map.of(
                // bounded: a clerk's submission is never held up for long by the ledger (it is counted, not needed)
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-form-ledger"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Appends one event and waits until Kafka has it. */
    public void record(FormLedgerEvent event) {
        byte[] value = JsonSerde.of(FormLedgerEvent.class).serializer().serialize(Topics.FORM_LEDGER, event);
        try {
            producer.send(new ProducerRecord<>(Topics.FORM_LEDGER, event.form(), value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("form ledger event not written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("form ledger event not written within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException(e);
        }
    }

    /** Every form-and-clerk total held by this replica's partitions; empty while the stores start. */
    public List<FormBurden> totals() {
        if (!runtime.isRunning()) {
            return List.of();
        }
        List<FormBurden> result = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, FormBurden> store = runtime.streams().store(StoreQueryParameters
                    .fromNameAndType(StoreNames.FORM_BURDEN, QueryableStoreTypes.<String, FormBurden>keyValueStore()));
            try (KeyValueIterator<String, FormBurden> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value != null) {
                        result.add(entry.value);
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        return result;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
