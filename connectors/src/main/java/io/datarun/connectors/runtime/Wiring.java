package io.datarun.connectors.runtime;

import io.datarun.connectors.plugins.Plugins;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
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
