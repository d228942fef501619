package io.datarun.gateway.changes;

import io.datarun.gateway.access.AccessDecision;
import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.access.RecordProjection;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.gateway.failure.NoGrant;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.wire.RecordCodec;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final Guards guards;
    private final AccessPolicy policy;
    private final RecordCodec codec;
    private final Clock clock;
    private final AuditedOperation audited;
    private final TopicPager pager;

    public ChangeFeed(Guards guards, AccessPolicy policy, RecordCodec codec, Clock clock, AuditedOperation audited,
            KafkaClients kafka) {
        this.guards = guards;
        this.policy = policy;
        this.codec = codec;
        this.clock = clock;
        this.audited = audited;
        this.pager = new TopicPager(kafka, "datarun-gateway-changes", MAX_LIMIT);
    }

    /** One page, audited: one event for the page and one per change returned, in one transaction. */
    public ChangePage page(Caller caller, String datasetId, String after, int limit, String purpose) {
        return audited.runMany(caller, AuditAction.CHANGES, AuditTarget.of(datasetId, null, purpose),
                () -> read(caller, datasetId, after, limit, purpose), page -> events(caller, page, purpose));
    }

    private static List<AuditEntry> events(Caller caller, ChangePage page, String purpose) {
        List<AuditEntry> entries = new ArrayList<>();
        Set<String> returned = new LinkedHashSet<>();
        page.changes().forEach(change -> returned.addAll(change.fields().keySet()));
        entries.add(AuditEntry.of(caller, AuditAction.CHANGES, page.dataset(), null, returned, purpose, AuditOutcome.OK,
                "returned=" + page.changes().size() + " next=" + page.next()));
        for (Change change : page.changes()) {
            entries.add(AuditEntry.of(caller, AuditAction.CHANGE_READ, page.dataset(), change.subjectId(),
                    change.fields().keySet(), purpose, change.deleted() ? AuditOutcome.OK_DELETED : AuditOutcome.OK, null));
        }
        return entries;
    }

    private ChangePage read(Caller caller, String datasetId, String after, int limit, String purpose) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        guards.purpose(purpose);
        AccessDecision decision = policy.decide(caller, dataset, purpose, LocalDate.now(clock));
        if (!decision.allowed()) {
            throw NoGrant.on(caller.department(), datasetId, purpose);
        }
        TopicPager.Page<Change> page = pager.page(Topics.records(dataset.id()), after, limit,
                record -> change(dataset, decision, record));
        return new ChangePage(dataset.id(), purpose, page.items(), page.next());
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

    @PreDestroy
    void close() {
        pager.close();
    }
}
