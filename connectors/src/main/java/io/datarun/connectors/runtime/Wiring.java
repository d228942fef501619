package io.datarun.connectors.runtime;

import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/** The plain objects of datarun-schemas as CDI beans. */
public class Wiring {
    @Produces
    @Singleton
    SchemaRegistry schemaRegistry() {
        return SchemaRegistry.load();
    }

    @Produces
    @Singleton
    RecordCodec recordCodec(SchemaRegistry registry) {
        return new RecordCodec(registry);
    }

    /**
     * This process's Kafka client properties: every {@code kafka.*} key and {@code KAFKA_*}
     * environment variable (e.g. {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}),
     * which every producer, consumer and admin client of the runtime starts from.
     */
    @Produces
    @Singleton
    KafkaClientSettings kafkaClientSettings(Config config) {
        return KafkaClientSettings.fromConfig(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class).orElse(null));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
