package io.datarun.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.gateway.usage.AccessEvent;
import io.datarun.gateway.usage.JsonSerde;
import io.datarun.gateway.usage.SubjectReadLog;
import io.datarun.gateway.usage.SubjectReadLogTest;
import io.datarun.gateway.usage.SubjectReads;
import io.datarun.gateway.usage.UsageCount;
import io.datarun.gateway.usage.UsageStats;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving state built from the log, without a broker: latest record per subject, live count,
 * newest change time, reads per dataset and subject, the global stores (disputes, intake sources).
 */
class ServingTopologyTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final RecordCodec CODEC = new RecordCodec(REGISTRY);
    static final String DATASET = "public-security.household-registry";
    static final String ZHANG = "110101195803215030";
    static final String LI = "110105194710100518";
    /** datarun.gateway.reads-kept-for's default. */
    static final Duration READS_KEPT_FOR = Duration.ofDays(400);

    @TempDir
    Path state;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> records;
    Properties props;

    @BeforeEach
    void start() {
        props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serving-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        List<DatasetDescriptor> datasets = List.of(REGISTRY.latest(DATASET).orElseThrow());
        driver = new TopologyTestDriver(ServingTopology.build(datasets, CODEC, List.of(), READS_KEPT_FOR, props), props);
        records = driver.createInputTopic(Topics.records(DATASET), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static byte[] resident(String id, String name, String updatedAt) {
        return resident(id, name, updatedAt, "H" + id.substring(0, 8));
    }

    static byte[] resident(String id, String name, String updatedAt, String household) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("residentId", id);
        raw.put("name", name);
        raw.put("gender", "MALE");
        raw.put("birthDate", id.substring(6, 14));
        raw.put("ethnicity", "汉族");
        raw.put("householdNumber", household);
        raw.put("registeredAddress", "北京市东城区");
        raw.put("divisionCode", id.substring(0, 6));
        raw.put("updatedAt", updatedAt);
        RecordAssembler.Assembly assembly = new RecordAssembler().assemble(REGISTRY.latest(DATASET).orElseThrow(), raw);
        assertThat(assembly.isAccepted()).as("test resident valid: %s", assembly.violations()).isTrue();
        return CODEC.encode(assembly.record());
    }

    KeyValueStore<String, byte[]> latest() {
        return driver.getKeyValueStore(StoreNames.records(DATASET));
    }

    long count() {
        KeyValueStore<String, Long> counts = driver.getKeyValueStore(StoreNames.counts(DATASET));
        Long count = counts.get(DATASET);
        return count == null ? 0 : count;
    }

    @Test
    void theLatestRecordOfEachSubjectIsServedAndCountedOnce() {
        records.pipeInput(ZHANG, resident(ZHANG, "张三", "2026-11-20T10:00:00"));
        records.pipeInput(LI, resident(LI, "李四", "2026-11-21T10:00:00"));
        records.pipeInput(ZHANG, resident(ZHANG, "张叁", "2026-11-22T10:00:00"));

        assertThat(CODEC.decode(DATASET, latest().get(ZHANG)).get("name").toString()).isEqualTo("张叁");
        assertThat(count()).as("a new version of a subject is not a new subject").isEqualTo(2);
        KeyValueStore<String, Long> lastUpdates = driver.getKeyValueStore(StoreNames.lastUpdates(DATASET));
        assertThat(lastUpdates.all()).toIterable().extracting(kv -> kv.value).contains(
                Instant.parse("2026-11-22T02:00:00Z").toEpochMilli());
    }

    /** What the stream threads would hand out for the store: the store itself, when it is open and of the type. */
    StateStoreProvider provider() {
        return new StateStoreProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> List<T> stores(String storeName, QueryableStoreType<T> type) {
                StateStore store = driver.getAllStateStores().get(storeName);
                return store != null && store.isOpen() && type.accepts(store) ? List.of((T) store) : List.of();
            }
        };
    }

    @Test
    void aKeptStoreHandleServesTheLatestRecordUntilItsStoreCloses() {
        records.pipeInput(ZHANG, resident(ZHANG, "张三", "2026-11-20T10:00:00"));
        KeptStore handle = KeptStore.TYPE.create(provider(), StoreNames.records(DATASET));
        records.pipeInput(ZHANG, resident(ZHANG, "张叁", "2026-11-22T10:00:00"));

        // the table's store keeps values with their timestamp; the handle answers the record's bytes
        assertThat(handle.get(ZHANG)).isEqualTo(latest().get(ZHANG));
        assertThat(CODEC.decode(DATASET, handle.get(ZHANG)).get("name").toString())
                .as("looked up once, the handle still reads what arrived after it was made").isEqualTo("张叁");
        assertThat(handle.get(LI)).isNull();

        driver.close(); // as when a rebalance moves the task away: its store is closed
        assertThatThrownBy(() -> handle.get(ZHANG)).isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(() -> KeptStore.TYPE.create(provider(), StoreNames.records(DATASET)))
                .as("no open store: refused, so the read answers 503 instead of not-found")
                .isInstanceOf(InvalidStateStoreException.class);
        driver = new TopologyTestDriver(ServingTopology.build(List.of(REGISTRY.latest(DATASET).orElseThrow()), CODEC,
                List.of(), READS_KEPT_FOR, props), props); // for stop()
    }

    @Test
    void aTombstoneRemovesTheSubjectFromReadsAndCounts() {
        records.pipeInput(ZHANG, resident(ZHANG, "张三", "2026-11-20T10:00:00"));
        records.pipeInput(LI, resident(LI, "李四", "2026-11-21T10:00:00"));
        records.pipeInput(ZHANG, (byte[]) null);

        assertThat(latest().get(ZHANG)).isNull();
        assertThat(latest().get(LI)).isNotNull();
        assertThat(count()).isEqualTo(1);
    }

    /** A domain that looks the registry's records up by household number, as the forms' households do. */
    static final TopologyPart HOUSEHOLDS = new TopologyPart() {
        @Override
        public List<IndexedField> indexedFields() {
            return List.of(new IndexedField(DATASET, "householdNumber"), new IndexedField(DATASET, "noSuchField"),
                    new IndexedField("no.such-dataset", "householdNumber"));
        }
    };

    /** The subjects the household-number index files under {@code household}, as a household view finds them. */
    List<String> household(String household) {
        KeyValueStore<String, String> index = driver.getKeyValueStore(StoreNames.fieldIndex(DATASET, "householdNumber"));
        List<String> found = new java.util.ArrayList<>();
        try (var entries = index.prefixScan(FieldIndex.valuePrefix(household), new StringSerializer())) {
            entries.forEachRemaining(entry -> found.add(FieldIndex.subjectOf(entry.key, household)));
        }
        return found;
    }

    @Test
    void anIndexedFieldFindsItsSubjectsByValueAndFollowsEveryChangeOfTheirRecords() {
        driver.close();
        driver = new TopologyTestDriver(ServingTopology.build(List.of(REGISTRY.latest(DATASET).orElseThrow()), CODEC,
                List.of(HOUSEHOLDS), READS_KEPT_FOR, props), props);
        records = driver.createInputTopic(Topics.records(DATASET), new StringSerializer(), new ByteArraySerializer());
        String wang = "110105198001011238";
        records.pipeInput(ZHANG, resident(ZHANG, "张三", "2026-11-20T10:00:00", "HH-1"));
        records.pipeInput(LI, resident(LI, "李四", "2026-11-20T10:00:00", "HH-1"));
        records.pipeInput(wang, resident(wang, "王五", "2026-11-20T10:00:00", "HH-2"));
        assertThat(household("HH-1")).containsExactlyInAnyOrder(ZHANG, LI);
        assertThat(household("HH-")).as("a value is matched whole, not as a prefix of longer ones").isEmpty();

        records.pipeInput(LI, resident(LI, "李四", "2026-11-21T10:00:00", "HH-2")); // moves house
        records.pipeInput(ZHANG, resident(ZHANG, "张叁", "2026-11-22T10:00:00", "HH-1")); // same household
        assertThat(household("HH-1")).containsExactly(ZHANG);
        assertThat(household("HH-2")).containsExactlyInAnyOrder(LI, wang);

        records.pipeInput(wang, (byte[]) null); // deleted at the source
        assertThat(household("HH-2")).containsExactly(LI);
        KeyValueStore<String, String> index = driver.getKeyValueStore(StoreNames.fieldIndex(DATASET, "householdNumber"));
        assertThat(index.get(FieldIndex.filedUnder(wang))).as("nothing is left of a deleted record").isNull();
        assertThat(index.get(FieldIndex.BUILT)).as("built alongside the records from the start").isEqualTo(FieldIndex.VERSION);
        assertThat(driver.getAllStateStores()).as("a field the schema lacks, or an unknown dataset, is not indexed")
                .doesNotContainKeys(StoreNames.fieldIndex(DATASET, "noSuchField"),
                        StoreNames.fieldIndex("no.such-dataset", "householdNumber"));
    }

    @Test
    void anIndexIsKeptByTheRecordsTaskAndLeavesEveryOtherStoresTaskWhereItWas() {
        Map<String, Integer> without = subTopologies(List.of());
        Map<String, Integer> with = subTopologies(List.of(HOUSEHOLDS));
        assertThat(with).containsAllEntriesOf(without)
                .containsEntry(StoreNames.fieldIndex(DATASET, "householdNumber"), with.get(StoreNames.records(DATASET)));
        assertThat(ServingTopology.build(List.of(REGISTRY.latest(DATASET).orElseThrow()), CODEC, List.of(HOUSEHOLDS),
                READS_KEPT_FOR, props).describe().toString()).as("no repartition of its own")
                .doesNotContain("index." + DATASET + ".householdNumber-repartition");
    }

    /** The sub-topology (and so the task folder) of each store. */
    Map<String, Integer> subTopologies(List<TopologyPart> parts) {
        Map<String, Integer> subTopologyOf = new LinkedHashMap<>();
        for (TopologyDescription.Subtopology sub : ServingTopology.build(List.of(REGISTRY.latest(DATASET).orElseThrow()),
                CODEC, parts, READS_KEPT_FOR, props).describe().subtopologies()) {
            sub.nodes().stream().filter(TopologyDescription.Processor.class::isInstance)
                    .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
                    .forEach(store -> subTopologyOf.put(store, sub.id()));
        }
        return subTopologyOf;
    }

    @Test
    void readsAreCountedExactlyPerDatasetAndDepartmentFromTheSummedAccessLog() throws Exception {
        TestInputTopic<String, UsageCount> log = driver.createInputTopic(Topics.ACCESS_LOG, new StringSerializer(),
                UsageCount.serde().serializer());
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        log.pipeInput(DATASET, new UsageCount(DATASET, "civil-affairs", "minimum-living-allowance", 3, at));
        log.pipeInput(DATASET, new UsageCount(DATASET, "health", "elderly-health-checkup", 2, at.plusSeconds(1)));
        log.pipeInput(DATASET, new UsageCount(DATASET, "civil-affairs", "senior-citizen-allowance", 4, at.plusSeconds(2)));
        // a per-read event of a gateway from before the sums, still in the topic at the upgrade: one read
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.ACCESS_LOG, new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput(DATASET, JsonSerde.MAPPER.writeValueAsBytes(
                new AccessEvent(DATASET, ZHANG, "health", "clerk-2", "elderly-health-checkup", at.plusSeconds(3))));

        UsageStats stats = driver.<String, UsageStats>getKeyValueStore(StoreNames.USAGE).get(DATASET);
        assertThat(stats.reads()).isEqualTo(10);
        assertThat(stats.lastRead()).isEqualTo(at.plusSeconds(3));
        assertThat(stats.consumers()).containsOnly(
                Map.entry("civil-affairs", new UsageStats.ConsumerUsage(7, at.plusSeconds(2))),
                Map.entry("health", new UsageStats.ConsumerUsage(3, at.plusSeconds(3))));
    }

    @Test
    void eachReadIsFiledUnderItsRecordAtItsTimeWithoutARepartition() {
        TestInputTopic<String, byte[]> reads = driver.createInputTopic(Topics.READS, new StringSerializer(),
                new ByteArraySerializer());
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        String zhang = SubjectReads.key(DATASET, ZHANG);
        reads.pipeInput(zhang, SubjectReadLog.entry(
                new AccessEvent(DATASET, ZHANG, "civil-affairs", "clerk-1", "minimum-living-allowance", at)));
        reads.pipeInput(zhang, "not a read".getBytes(StandardCharsets.UTF_8));
        reads.pipeInput(SubjectReads.key(DATASET, LI), SubjectReadLog.entry(
                new AccessEvent(DATASET, LI, "civil-affairs", "clerk-1", "minimum-living-allowance", at.plusSeconds(1))));
        reads.pipeInput(zhang, SubjectReadLog.entry(
                new AccessEvent(DATASET, ZHANG, "health", "clerk-2", "elderly-health-checkup", at.plusSeconds(2))));
        // the same clerk twice in one millisecond (two tabs): both are reads
        reads.pipeInput(zhang, SubjectReadLog.entry(
                new AccessEvent(DATASET, ZHANG, "health", "clerk-2", "elderly-health-checkup", at.plusSeconds(2))));

        WindowStore<String, byte[]> filed = driver.getWindowStore(StoreNames.SUBJECT_READ_TIMES);
        KeyValueStore<String, byte[]> logs = driver.getKeyValueStore(StoreNames.SUBJECT_READS);
        assertThat(RecordStore.readsIn(logs, filed, zhang, Instant.EPOCH, Instant.MAX).reads()).containsExactly(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", at),
                new SubjectReads.Read("health", "clerk-2", "elderly-health-checkup", at.plusSeconds(2)),
                new SubjectReads.Read("health", "clerk-2", "elderly-health-checkup", at.plusSeconds(2)));
        assertThat(RecordStore.readsIn(logs, filed, zhang, at.plusSeconds(1), Instant.MAX).reads())
                .as("a dispute asks for the reads while its value was served").hasSize(2);
        assertThat(RecordStore.readsIn(logs, filed, SubjectReads.key(DATASET, LI), Instant.EPOCH, Instant.MAX).reads())
                .hasSize(1);
        // the only repartition left is the dataset's live count; the access log and reads topics are read as keyed
        TopologyDescription description = ServingTopology.build(List.of(REGISTRY.latest(DATASET).orElseThrow()), CODEC,
                List.of(), READS_KEPT_FOR, props).describe();
        assertThat(description.toString()).doesNotContain("reads-by-subject-key-repartition", "usage-by-dataset-repartition");
        assertThat(description.toString()).contains("by-dataset-" + DATASET + "-repartition");
    }

    @Test
    void readsOlderThanTheirKeepingTimeAreDroppedAndTheLogsOfEarlierGatewaysStillCount() {
        TestInputTopic<String, byte[]> reads = driver.createInputTopic(Topics.READS, new StringSerializer(),
                new ByteArraySerializer());
        Instant now = Instant.parse("2026-12-01T08:00:00Z");
        Instant longAgo = now.minus(READS_KEPT_FOR).minus(Duration.ofDays(1));
        String zhang = SubjectReads.key(DATASET, ZHANG);
        reads.pipeInput(zhang, SubjectReadLog.entry(
                new AccessEvent(DATASET, ZHANG, "civil-affairs", "clerk-1", "minimum-living-allowance", longAgo)), longAgo);
        reads.pipeInput(zhang, SubjectReadLog.entry(
                new AccessEvent(DATASET, ZHANG, "health", "clerk-2", "elderly-health-checkup", now)), now);
        // what a gateway before the read index kept for this record: its log, restored from the changelog
        Instant before = now.minus(Duration.ofDays(3));
        driver.<String, byte[]>getTimestampedKeyValueStore(StoreNames.SUBJECT_READS).put(zhang, ValueAndTimestamp.make(
                SubjectReadLogTest.log(SubjectReadLog.entry(new AccessEvent(DATASET, ZHANG, "human-resources", "clerk-3",
                        "employment-registration", before))), before.toEpochMilli()));
        KeyValueStore<String, byte[]> logs = driver.getKeyValueStore(StoreNames.SUBJECT_READS);

        assertThat(RecordStore.readsIn(logs, driver.getWindowStore(StoreNames.SUBJECT_READ_TIMES), zhang, Instant.EPOCH,
                Instant.MAX).reads()).extracting(SubjectReads.Read::department)
                .as("the read beyond the keeping time is gone; the old log's read comes first")
                .containsExactly("human-resources", "health");
    }

    @Test
    void theUsageStoresKeepTheSubTopologiesOfEarlierReleasesSoAnUpgradeReopensTheirState() {
        // the task of a store is <sub-topology>_<partition>, and its local state lives in that task's folder
        Map<String, Integer> subTopologyOf = new LinkedHashMap<>();
        for (TopologyDescription.Subtopology sub : ServingTopology.build(List.of(REGISTRY.latest(DATASET).orElseThrow()),
                CODEC, List.of(), READS_KEPT_FOR, props).describe().subtopologies()) {
            sub.nodes().stream().filter(TopologyDescription.Processor.class::isInstance)
                    .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
                    .forEach(store -> subTopologyOf.put(store, sub.id()));
        }
        assertThat(subTopologyOf).containsEntry(StoreNames.USAGE, 0).containsEntry(StoreNames.SUBJECT_READS, 1)
                .containsEntry(StoreNames.SUBJECT_READ_TIMES, 1);
    }

    @Test
    void everyIntakeSourceAndDisputeIsInAGlobalStore() throws Exception {
        TestInputTopic<String, byte[]> offsets = driver.createInputTopic(Topics.CONNECTOR_OFFSETS, new StringSerializer(),
                new ByteArraySerializer());
        offsets.pipeInput("ps-household-registry", ("{\"connector\":\"ps-household-registry\",\"dataset\":\"" + DATASET
                + "\",\"rowsSeen\":5,\"accepted\":4,\"deadLettered\":1}").getBytes(StandardCharsets.UTF_8));
        TestInputTopic<String, byte[]> disputes = driver.createInputTopic(Topics.DISPUTES, new StringSerializer(),
                new ByteArraySerializer());
        disputes.pipeInput("d-1", "{\"id\":\"d-1\"}".getBytes(StandardCharsets.UTF_8));

        KeyValueStore<String, byte[]> sources = driver.getKeyValueStore(StoreNames.SOURCES);
        assertThat(new String(sources.get("ps-household-registry"), StandardCharsets.UTF_8)).contains("\"rowsSeen\":5");
        KeyValueStore<String, byte[]> disputeStore = driver.getKeyValueStore(StoreNames.DISPUTES);
        assertThat(disputeStore.get("d-1")).isNotNull();
        assertThat(Files.list(state)).as("stores are kept on local disk").isNotEmpty();
    }
}
