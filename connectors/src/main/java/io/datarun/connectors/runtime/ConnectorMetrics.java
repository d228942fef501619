package io.datarun.connectors.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A connector's Prometheus meters: {@code datarun_connector_rows_total{connector,dataset,outcome}},
 * counted after each commit, and the gauges of its progress (rate, remaining, ETA, lag, whether this
 * runtime runs it); a gauge is NaN where the number is unknown.
 *
 * <p>Registered only once the connector is in service ({@link #register}) and taken out when its
 * declaration is removed or replaced ({@link #remove}): the registry hands back an existing meter of
 * the same name and tags, so a replacement registering before its predecessor left would count into,
 * and gauge, the old connector.
 */
final class ConnectorMetrics {
    private final MeterRegistry registry;
    private final String connector;
    private final String dataset;
    private final List<Meter> meters = new ArrayList<>();
    private volatile Counter accepted;
    private volatile Counter deadLettered;

    ConnectorMetrics(MeterRegistry registry, String connector, String dataset) {
        this.registry = registry;
        this.connector = connector;
        this.dataset = dataset;
    }

    /** Registers the counters and the progress gauges; the gauges read {@code progress} and {@code owned} when scraped. */
    synchronized void register(BackfillProgress progress, Supplier<Boolean> owned) {
        accepted = counter("accepted");
        deadLettered = counter("dead-lettered");
        meters.add(accepted);
        meters.add(deadLettered);
        gauge("datarun.connector.rate", "rows.per.second", "Rows per second over the last progress interval",
                progress, p -> p.rate().orElse(Double.NaN));
        gauge("datarun.connector.remaining", "rows", "Source rows beyond the committed position (JDBC)",
                progress, p -> p.remaining().isPresent() ? p.remaining().getAsLong() : Double.NaN);
        gauge("datarun.connector.eta", "seconds", "Seconds until the remaining rows are read at the current rate",
                progress, p -> p.etaSeconds().orElse(Double.NaN));
        gauge("datarun.connector.lag", "seconds", "Newest source row's watermark minus the committed position's",
                progress, p -> p.lag().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        meters.add(Gauge.builder("datarun.connector.owned", owned, o -> o.get() ? 1 : 0)
                .strongReference(true) // the lambda has no other owner; a weak gauge would read NaN after a GC
                .description("1 while this runtime runs the connector, 0 while another runtime does")
                .tag("connector", connector).tag("dataset", dataset).register(registry));
    }

    private Counter counter(String outcome) {
        return Counter.builder("datarun.connector.rows")
                .description("Source rows committed to Kafka, by outcome")
                .tag("connector", connector).tag("dataset", dataset).tag("outcome", outcome)
                .register(registry);
    }

    private void gauge(String name, String unit, String description, BackfillProgress progress,
            ToDoubleFunction<BackfillProgress> value) {
        meters.add(Gauge.builder(name, progress, value).baseUnit(unit).description(description)
                .tag("connector", connector).tag("dataset", dataset).register(registry));
    }

    /** Takes this connector's meters out of the registry: it is no longer declared, or declared anew. */
    synchronized void remove() {
        meters.forEach(registry::remove);
        meters.clear();
        accepted = null;
        deadLettered = null;
    }

    void committed(long acceptedRows, long deadLetteredRows) {
        Counter a = accepted;
        Counter d = deadLettered;
        if (a != null && d != null) { // a batch may still commit while a replaced connector stops
            a.increment(acceptedRows);
            d.increment(deadLetteredRows);
        }
    }
}
