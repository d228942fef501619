package io.datarun.connectors.runtime;

import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

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

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
