package io.datarun.gateway.config;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Every Kafka client the gateway creates — Kafka Streams, producers, consumers, admin clients, and
 * the {@code audit verify} tool — is made here, from the process's one {@link KafkaClientSettings}
 * ({@code kafka.*} keys or {@code KAFKA_*} variables): a security setting reaches every client or
 * none. A client adds only what is its own (transactional id, isolation level, serializers). The
 * long-lived clients' own metrics reach Prometheus through Micrometer (Quarkus adds its registry to
 * the global one); short-lived consumers (a change-feed page) are left out so meters do not pile up.
 */
public final class KafkaClients {
    private final KafkaClientSettings settings;

    public KafkaClients(KafkaClientSettings settings) {
        this.settings = settings;
    }

    /** Plain, unauthenticated clients of the given brokers (tests and the local tools only). */
    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(KafkaClientSettings.of(Map.of("bootstrap.servers", bootstrapServers)));
    }

    public KafkaClientSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(settings.asMap());
    }

    /** A producer, its client metrics (request latency, errors, buffer) published as Micrometer meters. */
    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> own, Serializer<K> keys, Serializer<V> values) {
        KafkaProducer<K, V> producer = new KafkaProducer<>(settings.with(own), keys, values);
        new KafkaClientMetrics(producer).bindTo(Metrics.globalRegistry);
        return producer;
    }

    /** Publishes a long-lived consumer's client metrics (lag, fetch latency) as Micrometer meters. */
    public <K, V> KafkaConsumer<K, V> withMetrics(KafkaConsumer<K, V> consumer) {
        new KafkaClientMetrics(consumer).bindTo(Metrics.globalRegistry);
        return consumer;
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> own, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(settings.with(own), keys, values);
    }

    /** Kafka Streams properties: the common client settings reach its producers, consumers and admin client alike. */
    public Properties streams(Map<String, ?> own) {
        Properties props = new Properties();
        props.putAll(settings.with(own));
        return props;
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
