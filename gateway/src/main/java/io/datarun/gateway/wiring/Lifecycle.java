package io.datarun.gateway.wiring;

import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.catalog.SchemaFollower;
import io.datarun.gateway.reports.IntakeMetrics;
import io.datarun.gateway.store.StreamsRuntime;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts and stops the gateway's long-running parts in one known order, so the domain classes need
 * no framework events: the audit writer first (nothing is answered unaudited), then the schemas
 * registered at runtime (read to the end), then the serving stores, then the schemas followed, then the metrics that read them; on the way down, the stores are closed cleanly (the next
 * start resumes from them) before the audit writer flushes what is queued.
 */
@ApplicationScoped
public class Lifecycle {
    private final AuditTrail audit;
    private final StreamsRuntime streams;
    private final IntakeMetrics metrics;
    private final SchemaFollower schemas;

    public Lifecycle(AuditTrail audit, SchemaFollower schemas, StreamsRuntime streams, IntakeMetrics metrics) {
        this.audit = audit;
        this.schemas = schemas;
        this.streams = streams;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        audit.start();
        schemas.catchUp(); // datasets registered at runtime are known before their stores start
        streams.start();
        schemas.follow();
        metrics.register();
    }

    void onStop(@Observes ShutdownEvent event) {
        schemas.stop();
        streams.stop();
        audit.stop();
    }
}
