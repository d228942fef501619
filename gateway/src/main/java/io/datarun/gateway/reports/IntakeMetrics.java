package io.datarun.gateway.reports;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reconciliation as Prometheus gauges, per dataset: {@code datarun_intake_rows{outcome=seen|accepted|dead_lettered}}
 * and {@code datarun_intake_reconciled} (1 when the numbers add up), so an alert rule can watch them.
 */
@ApplicationScoped
public class IntakeMetrics {
    private final SchemaRegistry registry;
    private final IntakeLedger ledger;
    private final MeterRegistry meters;

    public IntakeMetrics(SchemaRegistry registry, IntakeLedger ledger, MeterRegistry meters) {
        this.registry = registry;
        this.ledger = ledger;
        this.meters = meters;
    }

    /** Registers the gauges of every dataset; called once the application has started. */
    public void register() {
        for (DatasetDescriptor dataset : registry.latestOfEach()) {
            String id = dataset.id();
            Gauge.builder("datarun_intake_rows", () -> ledger.reconcile(id).rowsSeen())
                    .tag("dataset", id).tag("outcome", "seen").register(meters);
            Gauge.builder("datarun_intake_rows", () -> ledger.reconcile(id).accepted())
                    .tag("dataset", id).tag("outcome", "accepted").register(meters);
            Gauge.builder("datarun_intake_rows", () -> ledger.reconcile(id).deadLettered())
                    .tag("dataset", id).tag("outcome", "dead_lettered").register(meters);
            Gauge.builder("datarun_intake_reconciled", () -> ledger.reconcile(id).balanced() ? 1 : 0)
                    .tag("dataset", id).register(meters);
        }
    }
}
