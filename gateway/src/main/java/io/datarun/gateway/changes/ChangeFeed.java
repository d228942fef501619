package io.datarun.gateway.changes;

import io.datarun.gateway.access.AccessDecision;
import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.GrantBook;
import io.datarun.gateway.access.RecordProjection;
import io.datarun.gateway.api.ProblemException;
import io.datarun.gateway.api.Problems;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The change feed of a dataset: reads the dataset topic from the caller's cursor with a
 * group-less consumer (assign + seek per request, committed records only), keeps what the
 * caller's grant lets it see, and hands back the cursor just past the last change it examined.
 * A change outside the caller's divisions is skipped, not counted, and still passed by the cursor,
 * so resuming from any cursor yields every later visible change exactly once.
 */
@ApplicationScoped
public class ChangeFeed {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    /** A page returns what it has after this long, with an exact cursor. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final SchemaRegistry registry;
    private final GrantBook grants;
    private final AccessPolicy policy;
    private final RecordCodec codec;
    private final Clock clock;
    private final AuditTrail audit;
    private final String bootstrapServers;
    private final BlockingQueue<KafkaConsumer<String, byte[]>> idle = new ArrayBlockingQueue<>(4);

    public ChangeFeed(SchemaRegistry registry, GrantBook grants, AccessPolicy policy, RecordCodec codec, Clock clock,
            AuditTrail audit, GatewayConfig config) {
        this.registry = registry;
        this.grants = grants;
        this.policy = policy;
        this.codec = codec;
        this.clock = clock;
        this.audit = audit;
        this.bootstrapServers = config.bootstrapServers();
    }

    public ChangePage page(Caller caller, String datasetId, String after, int limit, String purpose) {
        ChangePage page;
        try {
            page = read(caller, datasetId, after, limit, purpose);
        } catch (RuntimeException refused) {
            audit.record(AuditEntry.of(caller, "changes", datasetId, null, List.of(), purpose,
                    AuditEntry.outcomeOf(refused), null));
            throw refused;
        }
        List<AuditEntry> entries = new ArrayList<>();
        Set<String> returned = new LinkedHashSet<>();
        page.changes().forEach(change -> returned.addAll(change.fields().keySet()));
        entries.add(AuditEntry.of(caller, "changes", datasetId, null, returned, purpose, "ok",
                "returned=" + page.changes().size() + " next=" + page.next()));
        for (Change change : page.changes()) {
            entries.add(AuditEntry.of(caller, "change-read", datasetId, change.subjectId(), change.fields().keySet(),
                    purpose, change.deleted() ? "ok-deleted" : "ok", null));
        }
        audit.record(entries);
        return page;
    }

    private ChangePage read(Caller caller, String datasetId, String after, int limit, String purpose) {
        DatasetDescriptor dataset = registry.latest(datasetId).orElseThrow(() ->
                Problems.notFound("dataset-not-found", "No dataset '" + datasetId + "'; GET /api/v1/datasets lists them."));
        requirePurpose(purpose);
        AccessDecision decision = policy.decide(caller, dataset, purpose, LocalDate.now(clock));
        if (!decision.allowed()) {
            throw Problems.forbidden("no-grant", "Department '" + caller.department() + "' holds no grant on "
                    + datasetId + " for purpose '" + purpose + "'.");
        }
        ChangeCursor cursor = cursor(after);
        KafkaConsumer<String, byte[]> consumer = borrow();
        boolean healthy = false;
        try {
            ChangePage page = scan(consumer, dataset, decision, cursor, limit, purpose);
            healthy = true;
            return page;
        } finally {
            giveBack(consumer, healthy);
        }
    }

    private ChangePage scan(KafkaConsumer<String, byte[]> consumer, DatasetDescriptor dataset, AccessDecision decision,
            ChangeCursor cursor, int limit, String purpose) {
        String topic = Topics.records(dataset.id());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        for (Integer partition : cursor.next().keySet()) {
            if (partitions.stream().noneMatch(tp -> tp.partition() == partition)) {
                throw invalidCursor("the cursor names partition " + partition + ", which " + topic + " does not have");
            }
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
        for (TopicPartition tp : partitions) {
            // an offset below the log start (compacted or deleted away) continues from the oldest kept change
            consumer.seek(tp, Math.max(cursor.next().getOrDefault(tp.partition(), 0L), beginning.get(tp)));
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT); // read_committed: last stable offsets
        List<Change> changes = new ArrayList<>();
        Map<Integer, Long> stoppedAt = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (changes.size() < limit && !caughtUp(consumer, partitions, end) && System.nanoTime() < deadline) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
            for (TopicPartition tp : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                    if (changes.size() >= limit) {
                        stoppedAt.putIfAbsent(tp.partition(), record.offset());
                        break;
                    }
                    change(dataset, decision, record).ifPresent(changes::add);
                }
            }
        }
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition tp : partitions) {
            next.put(tp.partition(), stoppedAt.containsKey(tp.partition()) ? stoppedAt.get(tp.partition())
                    : consumer.position(tp, TIMEOUT));
        }
        return new ChangePage(dataset.id(), purpose, changes, new ChangeCursor(next).encode());
    }

    private Optional<Change> change(DatasetDescriptor dataset, AccessDecision decision,
            ConsumerRecord<String, byte[]> record) {
        Instant changedAt = Instant.ofEpochMilli(record.timestamp());
        if (record.value() == null) {
            // a deletion carries no division: only callers whose reach does not depend on one see it
            Set<String> visible = decision.visibleFields(Optional.empty());
            if (visible.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Change(visible.contains(dataset.subjectField()) ? record.key() : null, Map.of(),
                    List.of(), changedAt, true));
        }
        try {
            return RecordProjection.project(dataset, codec.decode(dataset.id(), record.value()), decision)
                    .map(p -> new Change(p.fields().containsKey(dataset.subjectField()) ? record.key() : null,
                            p.fields(), p.withheld(), changedAt, false));
        } catch (RuntimeException unreadable) {
            LOG.warnf("change feed skips an unreadable record dataset=%s partition=%d offset=%d subject=%s error=%s",
                    dataset.id(), record.partition(), record.offset(),
                    SubjectIds.mask(dataset.subjectType(), record.key()), unreadable.getMessage());
            return Optional.empty();
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, TIMEOUT) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void requirePurpose(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw Problems.badRequest("purpose-required", "Every read names its purpose: add ?purpose=<code>.",
                    List.of(new ProblemException.FieldError("purpose", "required", "is required")));
        }
        if (!grants.isRegistered(purpose)) {
            throw Problems.badRequest("unknown-purpose", "'" + purpose + "' is not a registered purpose.",
                    List.of(new ProblemException.FieldError("purpose", "unknown-purpose",
                            "must be one of " + grants.purposes().keySet())));
        }
    }

    private static ChangeCursor cursor(String after) {
        if (after == null || after.isBlank()) {
            return new ChangeCursor(Map.of());
        }
        try {
            return ChangeCursor.decode(after.strip());
        } catch (IllegalArgumentException e) {
            throw invalidCursor(e.getMessage());
        }
    }

    private static ProblemException invalidCursor(String why) {
        return Problems.badRequest("invalid-cursor", "after is a cursor this API returned as 'next' (" + why + ").",
                List.of(new ProblemException.FieldError("after", "invalid-cursor", "is not a cursor of this feed")));
    }

    private KafkaConsumer<String, byte[]> borrow() {
        KafkaConsumer<String, byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_LIMIT,
                ConsumerConfig.CLIENT_ID_CONFIG, "datarun-gateway-changes"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void giveBack(KafkaConsumer<String, byte[]> consumer, boolean healthy) {
        if (healthy) {
            consumer.unsubscribe();
            if (idle.offer(consumer)) {
                return;
            }
        }
        consumer.close(Duration.ofSeconds(1));
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaConsumer<String, byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(Duration.ofSeconds(1));
        }
    }
}
