package io.datarun.connectors.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A connector's Prometheus meters: {@code datarun_connector_rows_total{connector,dataset,outcome}},
 * counted after each commit, and the gauges of its progress (rate, remaining, ETA, lag, whether this
 * runtime runs it); a gauge is NaN where the number is unknown.
 */
final class ConnectorMetrics {
    private final Counter accepted;
    private final Counter deadLettered;

    ConnectorMetrics(MeterRegistry registry, String connector, String dataset) {
        this.accepted = counter(registry, connector, dataset, "accepted");
        this.deadLettered = counter(registry, connector, dataset, "dead-lettered");
    }

    private static Counter counter(MeterRegistry registry, String connector, String dataset, String outcome) {
        return Counter.builder("datarun.connector.rows")
                .description("Source rows committed to Kafka, by outcome")
                .tag("connector", connector).tag("dataset", dataset).tag("outcome", outcome)
                .register(registry);
    }

    /** Registers the progress gauges of a connector; they read {@code progress} and {@code owned} when scraped. */
    static void gauges(MeterRegistry registry, String connector, String dataset, BackfillProgress progress,
            Supplier<Boolean> owned) {
        gauge(registry, "datarun.connector.rate", "rows.per.second", "Rows per second over the last progress interval",
                connector, dataset, progress, p -> p.rate().orElse(Double.NaN));
        gauge(registry, "datarun.connector.remaining", "rows", "Source rows beyond the committed position (JDBC)",
                connector, dataset, progress, p -> p.remaining().isPresent() ? p.remaining().getAsLong() : Double.NaN);
        gauge(registry, "datarun.connector.eta", "seconds", "Seconds until the remaining rows are read at the current rate",
                connector, dataset, progress, p -> p.etaSeconds().orElse(Double.NaN));
        gauge(registry, "datarun.connector.lag", "seconds", "Newest source row's watermark minus the committed position's",
                connector, dataset, progress, p -> p.lag().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        Gauge.builder("datarun.connector.owned", owned, o -> o.get() ? 1 : 0)
                .strongReference(true) // the lambda has no other owner; a weak gauge would read NaN after a GC
                .description("1 while this runtime runs the connector, 0 while another runtime does")
                .tag("connector", connector).tag("dataset", dataset).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String unit, String description, String connector,
            String dataset, BackfillProgress progress, ToDoubleFunction<BackfillProgress> value) {
        Gauge.builder(name, progress, value).baseUnit(unit).description(description)
                .tag("connector", connector).tag("dataset", dataset).register(registry);
    }

    void committed(long acceptedRows, long deadLetteredRows) {
        accepted.increment(acceptedRows);
        deadLettered.increment(deadLetteredRows);
    }
}
