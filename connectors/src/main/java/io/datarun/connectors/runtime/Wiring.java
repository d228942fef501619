package io.datarun.connectors.runtime;

import io.datarun.connectors.plugins.Plugins;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/** The plain objects of datarun-schemas, and the plugins folder's class loader, as CDI beans. */
public class Wiring {
    private static final Logger LOG = Logger.getLogger(Wiring.class);

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
    Plugins plugins(ConnectorsConfig config) {
        Plugins plugins = Plugins.of(config.pluginsDir());
        LOG.info(plugins.describe());
        return plugins;
    }

    void closePlugins(@Disposes Plugins plugins) throws IOException {
        plugins.close();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
