package io.datarun.gateway.store;

import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.TopicProvisioner;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

/**
 * Owns the Kafka Streams instance that keeps the serving stores. It makes sure the dataset topics
 * exist first (so the gateway can start before any connector has run) and stops cleanly, so the
 * next start resumes from its local stores instead of replaying the log.
 */
@ApplicationScoped
public class StreamsRuntime {
    private static final Logger LOG = Logger.getLogger(StreamsRuntime.class);

    private final GatewayConfig config;
    private final KafkaClients kafka;
    private final SchemaRegistry registry;
    private final RecordCodec codec;
    private final List<TopologyPart> parts;
    private final TopicProvisioner provisioner;
    private volatile KafkaStreams streams;
    /** One instance per dataset registered at runtime, by dataset id; the main topology serves the shipped ones. */
    private final Map<String, KafkaStreams> registered = new ConcurrentHashMap<>();
    /** Counts the state changes of every instance: store handles made before a change may point at moved tasks. */
    private final AtomicLong stateChanges = new AtomicLong();
    /** The field indexes the running topologies keep. */
    private final Set<IndexedField> indexed = ConcurrentHashMap.newKeySet();

    @Inject
    public StreamsRuntime(GatewayConfig config, KafkaClients kafka, TopicProvisioner provisioner, SchemaRegistry registry,
            RecordCodec codec, Instance<TopologyPart> parts) {
        this(config, kafka, provisioner, registry, codec, parts.stream().toList());
    }

    public StreamsRuntime(GatewayConfig config, KafkaClients kafka, TopicProvisioner provisioner, SchemaRegistry registry,
            RecordCodec codec, List<TopologyPart> parts) {
        this.provisioner = provisioner;
        this.config = config;
        this.kafka = kafka;
        this.registry = registry;
        this.codec = codec;
        this.parts = List.copyOf(parts);
    }

    /**
     * Creates the topics the stores read (if missing) and starts the stores: the shipped datasets in
     * the main topology, each dataset registered at runtime in an instance of its own.
     */
    public void start() {
        List<DatasetDescriptor> datasets = registry.latestOfEach().stream().filter(d -> registry.isShipped(d.id())).toList();
        try (Admin admin = kafka.admin()) {
            List<NewTopic> topics = new ArrayList<>(provisioner.topicsFor(
                    datasets.stream().map(DatasetDescriptor::id).toList()));
            topics.add(provisioner.accessLogTopic());
            topics.add(provisioner.readsTopic());
            topics.add(provisioner.disputesTopic());
            parts.forEach(part -> topics.addAll(part.sourceTopics()));
            provisioner.ensure(admin, topics);
        }
        Properties props = streamsProperties();
        datasets.forEach(this::noteIndexes);
        streams = new KafkaStreams(ServingTopology.build(datasets, codec, parts, config.readsKeptFor(), props), props);
        streams.setStateListener((now, before) -> {
            stateChanges.incrementAndGet();
            LOG.infof("serving stores state=%s previous=%s", now, before);
        });
        streams.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "serving stores failed; replacing the stream thread");
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // Streams' own metrics (process rates, lag, state-store latencies) as Micrometer meters
        new KafkaStreamsMetrics(streams).bindTo(Metrics.globalRegistry);
        streams.start();
        LOG.infof("serving stores starting datasets=%d bootstrap=%s stateDir=%s", datasets.size(),
                kafka.bootstrapServers(), config.stateDir().toAbsolutePath());
        registry.latestOfEach().stream().filter(d -> !registry.isShipped(d.id())).forEach(this::serve);
    }

    /**
     * Starts serving a dataset registered at runtime, without touching the running topology: its
     * topics are created if missing and an instance of its own (application id
     * {@code <application-id>-ds-<dataset>}, so its group, state and internal topics are its own and
     * stay the same across restarts) builds its stores. A dataset already served is left alone.
     */
    public synchronized void serve(DatasetDescriptor dataset) {
        if (registry.isShipped(dataset.id()) || registered.containsKey(dataset.id())) {
            return;
        }
        try (Admin admin = kafka.admin()) {
            provisioner.ensure(admin, List.of(provisioner.recordsTopic(dataset.id()), provisioner.deadLetterTopic(dataset.id())));
        }
        Properties props = streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-ds-" + dataset.id());
        noteIndexes(dataset);
        KafkaStreams instance = new KafkaStreams(ServingTopology.buildDataset(dataset, codec, indexedFields(), props), props);
        instance.setStateListener((now, before) -> {
            stateChanges.incrementAndGet();
            LOG.infof("serving stores dataset=%s state=%s previous=%s", dataset.id(), now, before);
        });
        instance.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "serving stores of dataset=%s failed; replacing the stream thread", dataset.id());
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        registered.put(dataset.id(), instance);
        instance.start();
        LOG.infof("serving stores starting dataset=%s (registered at runtime)", dataset.id());
    }

    /** The fields the domains look records up by ({@link TopologyPart#indexedFields}). */
    List<IndexedField> indexedFields() {
        return parts.stream().flatMap(part -> part.indexedFields().stream()).distinct().toList();
    }

    /** Whether the dataset's stores keep an index of its subjects by {@code field}. */
    public boolean indexes(String datasetId, String field) {
        return indexed.contains(new IndexedField(datasetId, field));
    }

    /** Notes the indexes the topology built for {@code dataset} (the fields its schema has). */
    private void noteIndexes(DatasetDescriptor dataset) {
        indexedFields().stream().filter(f -> f.datasetId().equals(dataset.id()) && dataset.field(f.field()).isPresent())
                .forEach(indexed::add);
    }

    /**
     * The consumer's own switch (Streams turns it off for its members and honours an override):
     * {@code KafkaStreams.CloseOptions.leaveGroup} leaves only static members.
     */
    static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

    Properties streamsProperties() {
        Properties props = kafka.streams(Map.of());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // unset: Streams' internal topics take the broker's default, as the gateway's own topics do
        config.replicationFactor().ifPresent(rf -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) rf));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        // a standby copy per partition lets another replica take over reads without a full restore
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.advertisedAddress().isPresent() ? 1 : 0);
        config.advertisedAddress().ifPresent(address -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, address));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // Streams keeps a stopped member in its group until the session times out (45 s), so a replica
        // restarted cleanly waited that long in REBALANCING, and the others could not take its partitions
        // over sooner (measured: ready 45 s after a restart with the state on disk). Leaving on close
        // hands them over at once; a crashed replica is still noticed after the session timeout.
        props.put(StreamsConfig.mainConsumerPrefix(LEAVE_GROUP_ON_CLOSE), true);
        // one off-heap budget for all RocksDB stores, whatever the number of datasets and residents
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, Long.toString(config.storeMemoryMb() * 1024L * 1024L));
        return props;
    }

    /** Closes the stores cleanly, so the next start resumes from them instead of replaying the log. */
    public void stop() {
        registered.values().forEach(instance -> instance.close(Duration.ofSeconds(10)));
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /**
     * How many state changes the Streams instances have gone through: tasks move only while an
     * instance is not RUNNING, so a store handle made at one count is good until the count changes.
     */
    public long stateChanges() {
        return stateChanges.get();
    }

    /** The running instance; null before start. */
    public KafkaStreams streams() {
        return streams;
    }

    public boolean isRunning() {
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    /** The instance holding the dataset's stores: its own when registered at runtime, else the main one. */
    public KafkaStreams streamsFor(String datasetId) {
        KafkaStreams own = registered.get(datasetId);
        return own != null ? own : streams;
    }

    public boolean isRunning(String datasetId) {
        KafkaStreams instance = streamsFor(datasetId);
        return instance != null && instance.state() == KafkaStreams.State.RUNNING;
    }
}
