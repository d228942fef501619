package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The connectors of this runtime, read from the declarations folder at start: a bad declaration
 * stops the application with the file and key at fault. Each connector can be stopped and started
 * again; starting re-reads its committed position from Kafka.
 */
@ApplicationScoped
public class ConnectorRuntime {
    private static final Logger LOG = Logger.getLogger(ConnectorRuntime.class);

    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final Map<String, PolledConnector> polled = new LinkedHashMap<>();
    private final CamelContext camel;

    public ConnectorRuntime(ConnectorsConfig config, TopicsConfig topics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            SchemaRegistry registry, RecordCodec codec, Clock clock, MeterRegistry meters, CamelContext camel) {
        this.camel = camel;
        DeclarationReader reader = new DeclarationReader(registry, Placeholders.fromProcess(),
                new DeclarationReader.Defaults(config.batchSize(), config.pollInterval(), config.zone()));
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, topics.partitions(), topics.replicationFactor(),
                config.startTimeout());
        List<ConnectorDeclaration> declarations = reader.readFolder(config.dir());
        for (ConnectorDeclaration declaration : declarations) {
            String dataset = declaration.dataset().id();
            Function<ConnectorDeclaration, TransactionalPublisher> publishers =
                    d -> TransactionalPublisher.open(kafka, d.name(), dataset, codec, clock);
            ConnectorMetrics metrics = new ConnectorMetrics(meters, declaration.name(), dataset);
            if (declaration.source() instanceof JdbcSource) {
                connectors.put(declaration.name(), new Connector(declaration, publishers, metrics));
            } else {
                polled.put(declaration.name(), new PolledConnector(declaration, Sources.supplier(declaration),
                        publishers, metrics));
            }
            LOG.infof("connector=%s dataset=%s declared in %s: %s", declaration.name(), dataset,
                    declaration.file().getFileName(), declaration.source());
        }
        if (declarations.isEmpty()) {
            LOG.warnf("no connector declarations (*.yaml) in %s: this runtime has nothing to do", config.dir().toAbsolutePath());
        }
    }

    /** The JDBC connectors. */
    public Collection<Connector> connectors() {
        return connectors.values();
    }

    /** The file-drop and custom (SPI) connectors. */
    public Collection<PolledConnector> polled() {
        return polled.values();
    }

    /** Every connector, of any kind. */
    public List<RunningConnector> all() {
        List<RunningConnector> all = new ArrayList<>(connectors.values());
        all.addAll(polled.values());
        return all;
    }

    public Connector connector(String name) {
        Connector connector = connectors.get(name);
        if (connector == null) {
            throw new NoSuchElementException("no JDBC connector named '" + name + "'; declared: " + connectors.keySet());
        }
        return connector;
    }

    public PolledConnector polledConnector(String name) {
        PolledConnector connector = polled.get(name);
        if (connector == null) {
            throw new NoSuchElementException("no file or java connector named '" + name + "'; declared: " + polled.keySet());
        }
        return connector;
    }

    private RunningConnector any(String name) {
        RunningConnector connector = connectors.containsKey(name) ? connectors.get(name) : polled.get(name);
        if (connector == null) {
            throw new NoSuchElementException("no connector named '" + name + "'");
        }
        return connector;
    }

    /** Stops a connector's route after its current batch and closes its Kafka producer. */
    public void stop(String name) throws Exception {
        RunningConnector connector = any(name);
        connector.requestStop();
        camel.getRouteController().stopRoute(connector.routeId());
        connector.stopped();
    }

    /** Starts a stopped connector; its first poll re-reads the committed position from Kafka. */
    public void start(String name) throws Exception {
        RunningConnector connector = any(name);
        connector.starting();
        camel.getRouteController().startRoute(connector.routeId());
    }

    @PreDestroy
    void close() {
        all().forEach(RunningConnector::stopped);
    }
}
