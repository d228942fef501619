package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.ConnectorDeclarationException;
import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.jdbc.JdbcUrlPolicy;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.plugins.Plugins;
import io.datarun.schemas.wire.RecordCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Function;

/**
 * Makes the connector of a declaration that has been read: a JDBC {@link Connector} or a
 * {@link PolledConnector} for every other kind, with its publisher factory and (unregistered)
 * meters. What a declaration can still get wrong after reading — a JDBC URL scheme this runtime
 * refuses, a custom source class that does not load — fails here, before anything of an earlier
 * version of the connector is touched.
 */
final class ConnectorFactory {
    private final KafkaSettings kafka;
    private final RecordCodec codec;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Plugins plugins;
    private final JdbcUrlPolicy urls;

    ConnectorFactory(KafkaSettings kafka, RecordCodec codec, Clock clock, MeterRegistry meters, Plugins plugins,
            JdbcUrlPolicy urls) {
        this.kafka = kafka;
        this.codec = codec;
        this.clock = clock;
        this.meters = meters;
        this.plugins = plugins;
        this.urls = urls;
    }

    /** @throws ConnectorDeclarationException naming the declaration's file and key when it cannot run here */
    RunningConnector create(ConnectorDeclaration declaration) {
        if (declaration.source() instanceof JdbcSource jdbcSource) {
            try {
                urls.check(jdbcSource.url());
            } catch (IllegalArgumentException refused) {
                throw new ConnectorDeclarationException(declaration.file(), "source.url", refused.getMessage(), refused);
            }
        }
        String dataset = declaration.dataset().id();
        Function<ConnectorDeclaration, TransactionalPublisher> publishers =
                d -> TransactionalPublisher.open(kafka, d.name(), dataset, codec, clock);
        ConnectorMetrics metrics = new ConnectorMetrics(meters, declaration.name(), dataset);
        if (declaration.source() instanceof JdbcSource) {
            return new Connector(declaration, publishers, metrics, plugins.classLoader());
        }
        return new PolledConnector(declaration, Sources.supplier(declaration, plugins), publishers, metrics);
    }
}
