package io.datarun.connectors.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code datarun_connector_rows_total{connector,dataset,outcome}}, counted after each commit. */
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

    void committed(long acceptedRows, long deadLetteredRows) {
        accepted.increment(acceptedRows);
        deadLettered.increment(deadLetteredRows);
    }
}
