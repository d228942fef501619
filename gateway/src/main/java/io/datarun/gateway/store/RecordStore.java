package io.datarun.gateway.store;

import io.datarun.gateway.failure.Unavailable;
import io.datarun.gateway.usage.SourceStats;
import io.datarun.gateway.usage.SubjectReadLog;
import io.datarun.gateway.usage.SubjectReads;
import io.datarun.gateway.usage.UsageStats;
import jakarta.enterprise.context.ApplicationScoped;
import io.datarun.schemas.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the serving stores. A subject's record lives in exactly one partition; when that
 * partition is hosted by another replica the read is forwarded there ({@link ReplicaClient}), so
 * any replica can answer any request.
 */
@ApplicationScoped
public class RecordStore {
    private final StreamsRuntime runtime;
    private final ReplicaClient replicas;
    /** Store handles by dataset (all partitions) or dataset#partition. */
    private final Map<String, Kept> handles = new ConcurrentHashMap<>();
    /** Partition count of each dataset's topic, learnt from the local assignment. */
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    public RecordStore(StreamsRuntime runtime, ReplicaClient replicas) {
        this.runtime = runtime;
        this.replicas = replicas;
    }

    /** The latest encoded record of a subject, wherever its partition is hosted. */
    public Optional<byte[]> find(String datasetId, String subjectId) {
        if (replicas.isSingle()) {
            return findLocal(datasetId, subjectId, partitionOf(datasetId, subjectId));
        }
        KeyQueryMetadata metadata = hostOf(readyStreams(datasetId), datasetId, subjectId);
        if (metadata == null) {
            throw new Unavailable(Unavailable.Part.STORE_REBALANCING);
        }
        if (replicas.isSelf(metadata.activeHost())) {
            return findLocal(datasetId, subjectId, metadata.partition());
        }
        return replicas.fetch(metadata.activeHost(), datasetId, subjectId);
    }

    /**
     * Whether {@link #find} answers from this replica's own stores, without a call to another replica:
     * a lookup that does not block (a RocksDB get), so it may be done on an event loop. Also true when
     * {@link #find} would fail at once (the stores are starting or rebalancing).
     */
    public boolean answersHere(String datasetId, String subjectId) {
        if (replicas.isSingle()) {
            return true;
        }
        KafkaStreams streams = runtime.streamsFor(datasetId);
        if (streams == null) {
            return true;
        }
        KeyQueryMetadata metadata = hostOf(streams, datasetId, subjectId);
        return metadata == null || replicas.isSelf(metadata.activeHost());
    }

    /** Where the subject's record is hosted, as Kafka Streams knows it; null while that is not known. */
    private static KeyQueryMetadata hostOf(KafkaStreams streams, String datasetId, String subjectId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.records(datasetId), subjectId,
                Serdes.String().serializer());
        return KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) ? null : metadata;
    }

    /**
     * Reads this replica's own copy of the partition (every local partition when {@code null}); used
     * by the replica endpoint too. The handle of a partition is kept ({@link KeptStore}: its stores
     * looked up once) until the Streams instance changes state, and dropped when a store refuses.
     */
    public Optional<byte[]> findLocal(String datasetId, String subjectId, Integer partition) {
        String handleKey = partition == null ? datasetId : datasetId + "#" + partition;
        try {
            KafkaStreams streams = readyStreams(datasetId);
            long changes = runtime.stateChanges();
            Kept kept = handles.get(handleKey);
            if (kept == null || kept.stateChanges() != changes) {
                StoreQueryParameters<KeptStore> params = StoreQueryParameters.fromNameAndType(StoreNames.records(datasetId),
                        KeptStore.TYPE);
                kept = new Kept(changes, streams.store(partition == null ? params : params.withPartition(partition)));
                handles.put(handleKey, kept);
            }
            return Optional.ofNullable(kept.store().get(subjectId));
        } catch (InvalidStateStoreException e) {
            handles.remove(handleKey);
            partitionCounts.remove(datasetId);
            throw new Unavailable(Unavailable.Part.STORE_REBALANCING);
        }
    }

    /** A store handle and the instance state count it was made at. */
    private record Kept(long stateChanges, KeptStore store) {
    }

    /**
     * The partition holding the subject's record, computed as the producers' default partitioner
     * does (murmur2 of the serialized key, as Kafka Streams' own {@code queryMetadataForKey}), so a
     * read probes one RocksDB instance instead of every local one; {@code null} (probe all) until the
     * dataset's partitions are all assigned here.
     */
    Integer partitionOf(String datasetId, String subjectId) {
        Integer partitions = partitionCounts.get(datasetId);
        if (partitions == null) {
            partitions = localPartitions(datasetId);
            if (partitions == null) {
                return null;
            }
            partitionCounts.put(datasetId, partitions);
        }
        return Utils.toPositive(Utils.murmur2(subjectId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** How many partitions the dataset's topic has, when this single replica holds all of them; else null. */
    private Integer localPartitions(String datasetId) {
        KafkaStreams streams = runtime.streamsFor(datasetId);
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        String topic = Topics.records(datasetId);
        java.util.Set<Integer> held = new java.util.HashSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> held.add(tp.partition()))));
        int count = held.size();
        // all of 0..count-1 held: the topic has exactly count partitions (a single replica holds every one)
        return count > 0 && held.stream().allMatch(p -> p < count) ? count : null;
    }

    /**
     * Every record of the dataset held by this replica, key and encoded value, in key order: a full
     * scan, for lookups by a field other than the subject (a household's members). See
     * {@link #allPartitionsLocal} for whether it saw the whole dataset.
     */
    public void scanLocal(String datasetId, java.util.function.BiConsumer<String, byte[]> each) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = readyStreams(datasetId).store(StoreQueryParameters
                    .fromNameAndType(StoreNames.records(datasetId), QueryableStoreTypes.<String, byte[]>keyValueStore()));
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value != null) {
                        each.accept(entry.key, entry.value);
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(Unavailable.Part.STORE_REBALANCING);
        }
    }

    /** At most this many subjects are answered for one value of an indexed field. */
    public static final int MAX_INDEX_MATCHES = 100;

    /** The subjects found for a value of an indexed field, and whether every partition of the dataset answered. */
    public record Matches(List<String> subjects, boolean complete) {
    }

    /**
     * The subjects of the dataset whose record holds {@code value} in {@code field}, in key order, at
     * most {@code limit}: this replica's partitions by one prefix scan of the field's index each, every
     * other replica's from its own index ({@link ReplicaClient#subjectsWith}). Incomplete when another
     * replica did not answer (or does not index the field). Empty when the field is not indexed here
     * (the caller may {@link #scanLocal scan} instead).
     */
    public Optional<Matches> subjectsWith(String datasetId, String field, String value, int limit) {
        Optional<List<String>> local = localSubjectsWith(datasetId, field, value, limit);
        if (local.isEmpty() || replicas.isSingle()) {
            return local.map(subjects -> new Matches(subjects, true));
        }
        SortedSet<String> found = new TreeSet<>(local.get());
        boolean complete = true;
        for (StreamsMetadata host : readyStreams(datasetId).streamsMetadataForStore(StoreNames.records(datasetId))) {
            if (replicas.isSelf(host.hostInfo()) || host.topicPartitions().isEmpty()) {
                continue;
            }
            try {
                Optional<List<String>> there = replicas.subjectsWith(host.hostInfo(), datasetId, field, value);
                there.ifPresent(found::addAll);
                complete &= there.isPresent();
            } catch (Unavailable e) {
                complete = false; // the members this replica holds are still worth showing, marked incomplete
            }
        }
        return Optional.of(new Matches(found.stream().limit(limit).toList(), complete));
    }

    /**
     * {@link #subjectsWith} on this replica's partitions only (what it answers its peers); empty when
     * the field is not indexed.
     */
    public Optional<List<String>> localSubjectsWith(String datasetId, String field, String value, int limit) {
        if (!runtime.indexes(datasetId, field)) {
            return Optional.empty();
        }
        List<String> subjects = new ArrayList<>();
        if (!FieldIndex.indexable(value)) {
            return Optional.of(subjects);
        }
        try {
            ReadOnlyKeyValueStore<String, String> index = readyStreams(datasetId).store(StoreQueryParameters
                    .fromNameAndType(StoreNames.fieldIndex(datasetId, field), QueryableStoreTypes.<String, String>keyValueStore()));
            // the composite store scans each local partition in turn
            try (KeyValueIterator<String, String> entries = index.prefixScan(FieldIndex.valuePrefix(value),
                    Serdes.String().serializer())) {
                while (entries.hasNext() && subjects.size() < limit) {
                    subjects.add(FieldIndex.subjectOf(entries.next().key, value));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(Unavailable.Part.STORE_REBALANCING);
        }
        subjects.sort(null);
        return Optional.of(subjects);
    }

    /** True when this replica hosts every partition of the dataset's store (one replica, or all on this one). */
    public boolean allPartitionsLocal(String datasetId) {
        if (replicas.isSingle()) {
            return true;
        }
        return readyStreams(datasetId).streamsMetadataForStore(StoreNames.records(datasetId)).stream()
                .allMatch(metadata -> replicas.isSelf(metadata.hostInfo()));
    }

    /** Live subjects of the dataset held by this replica; -1 while the stores are not ready. */
    public long count(String datasetId) {
        Long count = sumLocal(StoreNames.counts(datasetId), datasetId, true);
        return count == null ? -1 : count;
    }

    /** The newest change of the dataset seen by this replica. */
    public Optional<Instant> lastUpdate(String datasetId) {
        return Optional.ofNullable(sumLocal(StoreNames.lastUpdates(datasetId), datasetId, false)).map(Instant::ofEpochMilli);
    }

    private Long sumLocal(String storeName, String key, boolean add) {
        if (!runtime.isRunning(key)) {
            return null;
        }
        try {
            ReadOnlyKeyValueStore<String, Long> store = runtime.streamsFor(key).store(StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<String, Long>keyValueStore()));
            Long result = null;
            // the composite store iterates every local partition; one entry per partition holding the key
            try (KeyValueIterator<String, Long> entries = store.range(key, key)) {
                while (entries.hasNext()) {
                    long value = entries.next().value;
                    result = result == null ? value : add ? result + value : Math.max(result, value);
                }
            }
            return add && result == null ? Long.valueOf(0) : result;
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    /** Reads of a dataset counted on this replica's partitions; {@link UsageStats#NONE} when never read. */
    public UsageStats usage(String datasetId) {
        if (!runtime.isRunning()) {
            return UsageStats.NONE;
        }
        try {
            ReadOnlyKeyValueStore<String, UsageStats> store = runtime.streams().store(StoreQueryParameters
                    .fromNameAndType(StoreNames.USAGE, QueryableStoreTypes.<String, UsageStats>keyValueStore()));
            UsageStats stats = store.get(datasetId);
            return stats == null ? UsageStats.NONE : stats;
        } catch (InvalidStateStoreException e) {
            return UsageStats.NONE;
        }
    }

    /**
     * The reads of a subject's record in a dataset from {@code from} to {@code to} (inclusive, oldest
     * first) that this replica's partitions hold: the reads filed one by one in {@code subject-read-times},
     * after those a gateway before it kept in its per-record log ({@code subject-reads}).
     */
    public SubjectReads readsOf(String datasetId, String subjectId, Instant from, Instant to) {
        if (!runtime.isRunning()) {
            return SubjectReads.NONE;
        }
        try {
            return readsIn(runtime.streams().store(StoreQueryParameters.fromNameAndType(StoreNames.SUBJECT_READS,
                            QueryableStoreTypes.<String, byte[]>keyValueStore())),
                    runtime.streams().store(StoreQueryParameters.fromNameAndType(StoreNames.SUBJECT_READ_TIMES,
                            QueryableStoreTypes.<String, byte[]>windowStore())),
                    SubjectReads.key(datasetId, subjectId), from, to);
        } catch (InvalidStateStoreException e) {
            return SubjectReads.NONE;
        }
    }

    /** {@link #readsOf}'s answer from the two stores: the old per-record log's reads first, then those filed since. */
    static SubjectReads readsIn(ReadOnlyKeyValueStore<String, byte[]> logs, ReadOnlyWindowStore<String, byte[]> filed,
            String key, Instant from, Instant to) {
        List<SubjectReads.Read> reads = new ArrayList<>();
        SubjectReadLog.decode(logs.get(key)).reads().stream()
                .filter(r -> r.at() != null && !r.at().isBefore(from) && !r.at().isAfter(to))
                .forEach(reads::add);
        try (WindowStoreIterator<byte[]> each = filed.fetch(key, atMost(from), atMost(to))) {
            // filed at the read's time (or, for an event that did not say, at the event's)
            each.forEachRemaining(read -> reads.add(SubjectReadLog.read(read.value).at(Instant.ofEpochMilli(read.key))));
        }
        return new SubjectReads(List.copyOf(reads));
    }

    /** {@code at}, or the latest instant a window store's millisecond time can name. */
    private static Instant atMost(Instant at) {
        Instant last = Instant.ofEpochMilli(Long.MAX_VALUE);
        return at.isAfter(last) ? last : at;
    }

    /** Every stored value of a global store (disputes, sources). */
    public List<byte[]> globalValues(String storeName) {
        if (!runtime.isRunning()) {
            return List.of();
        }
        List<byte[]> result = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = runtime.streams().store(StoreQueryParameters
                    .fromNameAndType(storeName, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value != null) {
                        result.add(entry.value);
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        return result;
    }

    /** Every intake source's committed counts (a global store: complete on every replica). */
    public List<SourceStats> sources() {
        if (!runtime.isRunning()) {
            return List.of();
        }
        List<SourceStats> result = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = runtime.streams().store(StoreQueryParameters
                    .fromNameAndType(StoreNames.SOURCES, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (entry.value != null) {
                        result.add(SourceStats.parse(entry.key, entry.value));
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            return List.of();
        }
        return result;
    }

    private KafkaStreams readyStreams(String datasetId) {
        KafkaStreams streams = runtime.streamsFor(datasetId);
        if (streams == null || !(streams.state() == KafkaStreams.State.RUNNING
                || streams.state() == KafkaStreams.State.REBALANCING)) {
            throw new Unavailable(Unavailable.Part.STORE_STARTING);
        }
        return streams;
    }
}
