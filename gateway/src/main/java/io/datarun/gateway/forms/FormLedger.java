package io.datarun.gateway.forms;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.store.StoreNames;
import io.datarun.gateway.store.StreamsRuntime;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
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
    private final GatewayConfig config;
    private final StreamsRuntime runtime;
    private KafkaProducer<String, byte[]> producer;

    public FormLedger(GatewayConfig config, StreamsRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    /** Runs before the serving stores start (default priority), so their source topic exists. */
    void onStart(@Observes @Priority(100) StartupEvent event) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", config.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(config.partitions(), config.replicationFactor());
            provisioner.ensure(admin, List.of(provisioner.formLedgerTopic()));
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "datarun-gateway-form-ledger"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Appends one event and waits until Kafka has it. */
    public void record(FormLedgerEvent event) {
        byte[] value = JsonSerde.of(FormLedgerEvent.class).serializer().serialize(Topics.FORM_LEDGER, event);
        try {
            producer.send(new ProducerRecord<>(Topics.FORM_LEDGER, event.form(), value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaException("form ledger event not written: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("form ledger event not written within 30 s", e);
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

    void onStop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
