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

    private final SchemaRegistry registry;
    private final GrantBook grants;
    private final AccessPolicy policy;
    private final RecordCodec codec;
    private final Clock clock;
    private final AuditTrail audit;
    private final TopicPager pager;

    public ChangeFeed(SchemaRegistry registry, GrantBook grants, AccessPolicy policy, RecordCodec codec, Clock clock,
            AuditTrail audit, GatewayConfig config) {
        this.registry = registry;
        this.grants = grants;
        this.policy = policy;
        this.codec = codec;
        this.clock = clock;
        this.audit = audit;
        this.pager = new TopicPager(config.bootstrapServers(), "datarun-gateway-changes", MAX_LIMIT);
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

    void onStop(@Observes ShutdownEvent event) {
        pager.close();
    }
}
