package io.datarun.gateway.config;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.GrantBook;
import io.datarun.gateway.limits.RateLimiter;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Wires the plain classes (schemas, codec, grants, policy) into CDI; they know nothing of Quarkus. */
@ApplicationScoped
public class CoreBeans {

    @Produces
    @ApplicationScoped
    SchemaRegistry schemaRegistry() {
        return SchemaRegistry.load();
    }

    @Produces
    @ApplicationScoped
    RecordCodec recordCodec(SchemaRegistry registry) {
        return new RecordCodec(registry);
    }

    @Produces
    @ApplicationScoped
    GrantBook grantBook(GatewayConfig config, SchemaRegistry registry) {
        return GrantBook.load(config.grantsFile(), registry);
    }

    @Produces
    @ApplicationScoped
    AccessPolicy accessPolicy(GrantBook grants) {
        return new AccessPolicy(grants);
    }

    @Produces
    @ApplicationScoped
    RateLimiter rateLimiter(GatewayConfig config) {
        return new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(), System::nanoTime);
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
