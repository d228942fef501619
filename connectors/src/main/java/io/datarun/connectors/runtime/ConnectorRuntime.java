package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.jdbc.JdbcUrlPolicy;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.plugins.Plugins;
import io.datarun.connectors.runtime.group.GroupSettings;
import io.datarun.connectors.runtime.group.RuntimeGroup;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.RecordCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.jboss.logging.Logger;

/**
 * The connectors of this runtime, read from the declarations folder at start: a bad declaration
 * stops the application with the file and key at fault. Each connector can be stopped and started
 * again; starting re-reads its committed position from Kafka.
 *
 * <p>Which declared connectors run here is decided by the {@link RuntimeGroup}: every runtime
 * pointed at the same Kafka (and group) declares its connectors, the group splits them, and this
 * runtime starts what it is assigned and stops what is taken away. Alone in its group, a runtime
 * runs every connector it declares.
 */
@ApplicationScoped
public class ConnectorRuntime {
    private static final Logger LOG = Logger.getLogger(ConnectorRuntime.class);

    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final Map<String, PolledConnector> polled = new LinkedHashMap<>();
    private final CamelContext camel;
    private final RuntimeGroup group;
    private final Duration startTimeout;

    public ConnectorRuntime(ConnectorsConfig config, TopicsConfig topics, KafkaClientSettings kafkaClient,
            KafkaStartupCheck startupCheck, SchemaRegistry registry, RecordCodec codec, Clock clock, MeterRegistry meters,
            CamelContext camel, Plugins plugins) {
        this.camel = camel;
        this.startTimeout = config.startTimeout();
        DeclarationReader reader = new DeclarationReader(registry, Placeholders.fromProcess(),
                new DeclarationReader.Defaults(config.batchSize(), config.pollInterval(), config.zone()));
        TopicProvisioner provisioner = new TopicProvisioner(topics.partitions(), topics.replicationFactor(),
                startupCheck.requireReplicated());
        KafkaSettings kafka = new KafkaSettings(kafkaClient, provisioner, config.startTimeout());
        List<ConnectorDeclaration> declarations = reader.readFolder(config.dir());
        JdbcUrlPolicy urls = JdbcUrlPolicy.forProfiles(ConfigUtils.getProfiles(), config.jdbcUrlSchemes());
        for (ConnectorDeclaration declaration : declarations) {
            if (declaration.source() instanceof JdbcSource jdbcSource) {
                try {
                    urls.check(jdbcSource.url());
                } catch (IllegalArgumentException refused) {
                    throw new IllegalStateException(declaration.file() + ": source.url: " + refused.getMessage(), refused);
                }
            }
            String dataset = declaration.dataset().id();
            Function<ConnectorDeclaration, TransactionalPublisher> publishers =
                    d -> TransactionalPublisher.open(kafka, d.name(), dataset, codec, clock);
            ConnectorMetrics metrics = new ConnectorMetrics(meters, declaration.name(), dataset);
            RunningConnector connector;
            if (declaration.source() instanceof JdbcSource) {
                Connector jdbc = new Connector(declaration, publishers, metrics, plugins.classLoader());
                connectors.put(declaration.name(), jdbc);
                connector = jdbc;
            } else {
                PolledConnector other = new PolledConnector(declaration, Sources.supplier(declaration, plugins),
                        publishers, metrics);
                polled.put(declaration.name(), other);
                connector = other;
            }
            ConnectorMetrics.gauges(meters, declaration.name(), dataset, connector.progress(),
                    () -> owned(declaration.name()));
            LOG.infof("connector=%s dataset=%s declared in %s: %s", declaration.name(), dataset,
                    declaration.file().getFileName(), declaration.source());
        }
        if (declarations.isEmpty()) {
            LOG.warnf("no connector declarations (*.yaml) in %s: this runtime has nothing to do", config.dir().toAbsolutePath());
        }
        GroupSettings settings = new GroupSettings(kafkaClient, config.group(),
                config.runtimeId().orElseGet(ConnectorRuntime::defaultRuntimeId), config.slots(),
                provisioner, config.sessionTimeout(), config.runtimeId().isPresent());
        this.group = new RuntimeGroup(settings, new TreeSet<>(declarations.stream().map(ConnectorDeclaration::name).toList()),
                new Ownership());
    }

    private static String defaultRuntimeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Joins the runtime group once the application is up; connectors start as the group assigns them. */
    void onStart(@Observes StartupEvent event) {
        group.start();
    }

    /** Stops this runtime's connectors, then leaves the group so the others take them over at once. */
    void onStop(@Observes ShutdownEvent event) {
        group.close();
    }

    public String runtimeId() {
        return group.runtimeId();
    }

    /** Whether this runtime has joined its group and started what it was assigned. */
    public boolean joined() {
        return group.joined();
    }

    /** Whether the group has assigned this connector to this runtime. */
    public boolean owned(String name) {
        return group.owned().contains(name);
    }

    /** Every declared connector's status; owners of connectors running elsewhere come from the group coordinator. */
    public List<ConnectorStatus> status() {
        List<RunningConnector> all = all();
        Set<String> mine = group.owned();
        Map<String, String> owners = all.stream().allMatch(c -> mine.contains(c.name())) ? Map.of()
                : group.owners(Duration.ofSeconds(3));
        return all.stream().map(c -> ConnectorStatus.of(c, mine.contains(c.name()) ? runtimeId() : owners.get(c.name())))
                .toList();
    }

    /** Starts and stops connectors as the group assigns and revokes them (on the group's thread). */
    private final class Ownership implements RuntimeGroup.Listener {
        @Override
        public void assigned(Set<String> names) {
            awaitCamelStarted();
            for (String name : names) {
                try {
                    start(name);
                } catch (Exception e) {
                    LOG.errorf(e, "connector=%s cannot start its route on runtime %s", name, runtimeId());
                }
            }
        }

        @Override
        public void revoked(Set<String> names) {
            for (String name : names) {
                try {
                    stop(name);
                } catch (Exception e) {
                    LOG.errorf(e, "connector=%s cannot stop its route on runtime %s", name, runtimeId());
                }
                any(name).standby();
            }
        }
    }

    /** Routes can be started only once Camel has started; the group may assign connectors before that. */
    private void awaitCamelStarted() {
        CountDownLatch started = new CountDownLatch(1);
        try {
            // called at once when Camel has started already
            camel.addStartupListener((context, alreadyStarted) -> started.countDown());
            started.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf("runtime %s cannot wait for Camel to start: %s", runtimeId(), e.toString());
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

    /** A connector of any kind by name. */
    public RunningConnector any(String name) {
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
