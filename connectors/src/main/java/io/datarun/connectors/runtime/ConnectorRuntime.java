package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.FolderSnapshot;
import io.datarun.connectors.jdbc.JdbcUrlPolicy;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.plugins.Plugins;
import io.datarun.connectors.runtime.group.GroupSettings;
import io.datarun.connectors.runtime.group.RuntimeGroup;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.SchemaLog;
import io.datarun.schemas.wire.TopicProvisioner;
import io.datarun.schemas.wire.Topics;
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
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jboss.logging.Logger;

/**
 * The connectors of this runtime, read from the declarations folder at start: a bad declaration
 * stops the application with the file and key at fault. While the runtime runs, the folder is
 * followed ({@link DeclarationWatcher}): a declaration added, changed or removed starts, restarts or
 * stops that connector only ({@link #apply}); a bad one is refused with the same message and the
 * running version keeps running. Each connector can be stopped and started again; starting re-reads
 * its committed position from Kafka.
 *
 * <p>Which declared connectors run here is decided by the {@link RuntimeGroup}: every runtime
 * pointed at the same Kafka (and group) declares its connectors, the group splits them, and this
 * runtime starts what it is assigned and stops what is taken away. Alone in its group, a runtime
 * runs every connector it declares.
 */
@ApplicationScoped
public class ConnectorRuntime {
    private static final Logger LOG = Logger.getLogger(ConnectorRuntime.class);

    /** By name; changed under this runtime's lock only, read by any thread. */
    private final Map<String, RunningConnector> connectors = new ConcurrentSkipListMap<>();
    private final CamelContext camel;
    private final RuntimeGroup group;
    private final Duration startTimeout;
    private final SchemaLog schemas;
    private final ConnectorFactory factory;
    private final DeclarationWatcher watcher;

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
        this.schemas = followSchemas(registry, kafkaClient, config.startTimeout());
        this.factory = new ConnectorFactory(kafka, codec, clock, meters, plugins,
                JdbcUrlPolicy.forProfiles(ConfigUtils.getProfiles(), config.jdbcUrlSchemes()));
        // the snapshot before the read: a file changed in between is read again at the first look
        FolderSnapshot before = Files.isDirectory(config.dir()) ? FolderSnapshot.scan(config.dir()) : FolderSnapshot.EMPTY;
        List<ConnectorDeclaration> declarations = reader.readFolder(config.dir());
        for (ConnectorDeclaration declaration : declarations) {
            RunningConnector connector = factory.create(declaration); // a ConnectorDeclarationException stops the start
            connectors.put(declaration.name(), connector);
            connector.registerMetrics(() -> owned(declaration.name()));
            LOG.infof("connector=%s dataset=%s declared in %s: %s", declaration.name(), declaration.dataset().id(),
                    declaration.file().getFileName(), declaration.source());
        }
        if (declarations.isEmpty()) {
            LOG.warnf("no connector declarations (*.yaml) in %s yet: this runtime has nothing to do until one is added",
                    config.dir().toAbsolutePath());
        }
        GroupSettings settings = new GroupSettings(kafkaClient, config.group(),
                config.runtimeId().orElseGet(ConnectorRuntime::defaultRuntimeId), config.slots(),
                provisioner, config.sessionTimeout(), config.runtimeId().isPresent());
        this.group = new RuntimeGroup(settings, new TreeSet<>(connectors.keySet()), new Ownership());
        this.watcher = new DeclarationWatcher(config.dir(), config.watchInterval(), reader, before, declarations, this::apply);
        // a declaration refused because it named a dataset not registered yet is read again once one is
        schemas.onAdded(d -> watcher.retryRefused());
    }

    /**
     * Reads the schemas registered at runtime before the declarations (a connector may feed a dataset
     * registered through the API), then follows them. Without Kafka, or before any gateway created the
     * topic, the runtime starts on the shipped schemas, the seed set.
     */
    private static SchemaLog followSchemas(SchemaRegistry registry, KafkaClientSettings kafka, Duration timeout) {
        SchemaLog log = new SchemaLog(registry, kafka.with(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "datarun-connectors-schemas")));
        try {
            log.catchUp(timeout);
        } catch (RuntimeException e) {
            LOG.warnf("schemas registered at runtime not read (%s): this runtime knows the shipped schemas and follows "
                    + "%s from now on", e.getMessage(), Topics.SCHEMAS);
        }
        log.onAdded(d -> LOG.infof("dataset=%s version=%d registered at runtime", d.id(), d.version()));
        log.follow();
        return log;
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

    /**
     * Joins the runtime group once the application is up (connectors start as the group assigns them),
     * and follows the declarations folder.
     */
    void onStart(@Observes StartupEvent event) {
        group.start();
        watcher.start();
    }

    /** Stops following the folder and this runtime's connectors, then leaves the group so the others take them over at once. */
    void onStop(@Observes ShutdownEvent event) {
        watcher.close();
        group.close();
        schemas.close();
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
                    if (connectors.containsKey(name)) { // else removed meanwhile
                        start(name);
                    }
                } catch (Exception e) {
                    LOG.errorf(e, "connector=%s cannot start its route on runtime %s", name, runtimeId());
                }
            }
        }

        @Override
        public void revoked(Set<String> names) {
            for (String name : names) {
                RunningConnector connector = connectors.get(name);
                if (connector == null) {
                    continue; // its declaration was removed, and it was stopped then
                }
                try {
                    stop(name);
                } catch (Exception e) {
                    LOG.errorf(e, "connector=%s cannot stop its route on runtime %s", name, runtimeId());
                }
                connector.standby();
            }
        }
    }

    /** Routes can be started only once Camel has started; the group may assign connectors before that. */
    private void awaitCamelStarted() {
        if (camel.getStatus().isStarted()) {
            return;
        }
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

    /**
     * Routes are added only to a Camel that has fully started: its startup listeners are called just
     * before, while it may still be adding the routes built at start ({@link ConnectorRoutes}).
     */
    private void awaitCamelRunning() {
        awaitCamelStarted();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!camel.getStatus().isStarted() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether a file of the declarations folder declares this connector (the operator's files win over the API). */
    public boolean declaredInFolder(String name) {
        return watcher.declares(name);
    }

    /** Declaration files of the folder refused since their last change, with the reader's message. */
    public Map<java.nio.file.Path, String> refusedDeclarations() {
        return watcher.refused();
    }

    /** The JDBC connectors. */
    public Collection<Connector> connectors() {
        return connectors.values().stream().filter(Connector.class::isInstance).map(Connector.class::cast).toList();
    }

    /** The file-drop and custom (SPI) connectors. */
    public Collection<PolledConnector> polled() {
        return connectors.values().stream().filter(PolledConnector.class::isInstance).map(PolledConnector.class::cast)
                .toList();
    }

    /** Every connector, of any kind. */
    public List<RunningConnector> all() {
        return List.copyOf(connectors.values());
    }

    public Connector connector(String name) {
        if (connectors.get(name) instanceof Connector connector) {
            return connector;
        }
        throw new NoSuchElementException("no JDBC connector named '" + name + "'; declared: " + connectors.keySet());
    }

    public PolledConnector polledConnector(String name) {
        if (connectors.get(name) instanceof PolledConnector connector) {
            return connector;
        }
        throw new NoSuchElementException("no file or java connector named '" + name + "'; declared: " + connectors.keySet());
    }

    /** A connector of any kind by name. */
    public RunningConnector any(String name) {
        RunningConnector connector = connectors.get(name);
        if (connector == null) {
            throw new NoSuchElementException("no connector named '" + name + "'");
        }
        return connector;
    }

    /** Stops a connector's route after its current batch and closes its Kafka producer. */
    public synchronized void stop(String name) throws Exception {
        RunningConnector connector = any(name);
        connector.requestStop();
        camel.getRouteController().stopRoute(connector.routeId());
        connector.stopped();
    }

    /** Starts a stopped connector; its first poll re-reads the committed position from Kafka. Started already: nothing. */
    public synchronized void start(String name) throws Exception {
        RunningConnector connector = any(name);
        if (routeStarted(connector)) {
            return;
        }
        connector.starting();
        camel.getRouteController().startRoute(connector.routeId());
    }

    private boolean routeStarted(RunningConnector connector) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(connector.routeId());
        return status != null && status.isStarted();
    }

    /**
     * Declarations read while the runtime runs: each of {@code declared} starts a new connector or
     * replaces the one of its name (stopped, then started again from its committed position if it ran
     * here), each of {@code removed} stops and drops one. Every other connector is left alone. A
     * declaration this runtime cannot run (a refused JDBC URL, a custom class that does not load) is
     * refused with one log line, and the earlier version of its connector keeps running. When the set
     * of names changed, the group rebalances ({@link RuntimeGroup#redeclare}).
     *
     * @return the names of the refused declarations
     */
    public synchronized Set<String> apply(Collection<ConnectorDeclaration> declared, Collection<String> removed) {
        awaitCamelRunning();
        boolean namesChanged = false;
        Set<String> refused = new TreeSet<>();
        for (String name : removed) {
            RunningConnector connector = connectors.get(name);
            if (connector != null) {
                retire(connector);
                namesChanged = true;
                LOG.infof("connector=%s dataset=%s removed: its declaration is gone", name, connector.dataset());
            }
        }
        for (ConnectorDeclaration declaration : declared) {
            String name = declaration.name();
            RunningConnector fresh;
            try {
                fresh = factory.create(declaration);
            } catch (RuntimeException e) {
                LOG.errorf("declaration %s refused, %s: %s", origin(declaration),
                        connectors.containsKey(name) ? "connector=" + name + " keeps running its earlier version"
                                : "connector=" + name + " not started", e.getMessage());
                refused.add(name);
                continue;
            }
            RunningConnector earlier = connectors.get(name);
            boolean ranHere = earlier != null && routeStarted(earlier);
            if (earlier != null) {
                retire(earlier);
            }
            try {
                install(fresh);
            } catch (Exception e) {
                LOG.errorf(e, "connector=%s cannot add its route on runtime %s", name, runtimeId());
                refused.add(name);
                namesChanged |= earlier != null;
                continue;
            }
            if (earlier == null) {
                namesChanged = true;
                LOG.infof("connector=%s dataset=%s declared in %s while running: %s", name, fresh.dataset(),
                        origin(declaration), declaration.source());
            } else {
                LOG.infof("connector=%s dataset=%s declaration changed in %s: %s", name, fresh.dataset(),
                        origin(declaration), ranHere ? "restarting from its committed position"
                                : "another runtime runs it, or none yet");
                if (ranHere) {
                    try {
                        start(name);
                    } catch (Exception e) {
                        LOG.errorf(e, "connector=%s cannot start its route on runtime %s", name, runtimeId());
                    }
                }
            }
        }
        if (namesChanged) {
            group.redeclare(new TreeSet<>(connectors.keySet()));
        }
        return refused;
    }

    /** Where a declaration came from, for a log line: its file's name, or the declarations topic. */
    private static String origin(ConnectorDeclaration declaration) {
        java.nio.file.Path file = declaration.file();
        return file.getParent() != null && file.getParent().toString().equals(Topics.DECLARATIONS)
                ? Topics.DECLARATIONS + " (the API)" : String.valueOf(file.getFileName());
    }

    /** Adds the connector's route (not started), then the connector and its meters. */
    private void install(RunningConnector connector) throws Exception {
        camel.addRoutes(new RouteBuilder(camel) {
            @Override
            public void configure() {
                ConnectorRoute.add(this, connector);
            }
        });
        connectors.put(connector.name(), connector);
        connector.registerMetrics(() -> owned(connector.name()));
    }

    /** Stops the connector if it runs here, removes its route, its data source and its meters. */
    private void retire(RunningConnector connector) {
        try {
            if (routeStarted(connector)) {
                stop(connector.name());
            }
            camel.removeRoute(connector.routeId());
        } catch (Exception e) {
            LOG.errorf(e, "connector=%s cannot remove its route on runtime %s", connector.name(), runtimeId());
        }
        if (connector instanceof Connector) {
            camel.getRegistry().unbind(ConnectorRoute.dataSourceName(connector));
        }
        connector.retire();
        connectors.remove(connector.name());
    }

    @PreDestroy
    void close() {
        all().forEach(RunningConnector::stopped);
    }
}
