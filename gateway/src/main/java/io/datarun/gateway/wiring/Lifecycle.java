package io.datarun.gateway.wiring;

import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.reports.IntakeMetrics;
import io.datarun.gateway.store.StreamsRuntime;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts and stops the gateway's long-running parts in one known order, so the domain classes need
 * no framework events: the audit writer first (nothing is answered unaudited), then the serving
 * stores, then the metrics that read them; on the way down, the stores are closed cleanly (the next
 * start resumes from them) before the audit writer flushes what is queued.
 */
@ApplicationScoped
public class Lifecycle {
    private final AuditTrail audit;
    private final StreamsRuntime streams;
    private final IntakeMetrics metrics;

    public Lifecycle(AuditTrail audit, StreamsRuntime streams, IntakeMetrics metrics) {
        this.audit = audit;
        this.streams = streams;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        audit.start();
        streams.start();
        metrics.register();
    }

    void onStop(@Observes ShutdownEvent event) {
        streams.stop();
        audit.stop();
    }
}
