package io.datarun.gateway.reads;

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
import io.datarun.gateway.config.EnforcementSwitch;
import io.datarun.gateway.failure.NoGrant;
import io.datarun.gateway.failure.QuotaExceeded;
import io.datarun.gateway.limits.ReadQuota;
import io.datarun.gateway.limits.RequestBudgets;
import io.datarun.gateway.failure.RecordNotFound;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.usage.AccessEvent;
import io.datarun.gateway.usage.AccessLog;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One authorized read of one subject's record. The order matters: the purpose and the grant are
 * checked before the subject id is even looked at, so a refused caller learns nothing about
 * which subjects exist.
 */
@ApplicationScoped
public class RecordReadService {
    private static final Logger LOG = Logger.getLogger(RecordReadService.class);

    private final Guards guards;
    private final AccessPolicy policy;
    private final RecordStore store;
    private final RecordCodec codec;
    private final Clock clock;
    private final AccessLog accessLog;
    private final AuditedOperation audited;
    private final EnforcementSwitch enforcement;
    private final ReadQuota quota;

    public RecordReadService(Guards guards, AccessPolicy policy, RecordStore store, RecordCodec codec, Clock clock,
            AccessLog accessLog, AuditedOperation audited, EnforcementSwitch enforcement, ReadQuota quota) {
        this.quota = quota;
        this.guards = guards;
        this.policy = policy;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.accessLog = accessLog;
        this.audited = audited;
        this.enforcement = enforcement;
    }

    /**
     * The read, audited: its event (fields returned, or the refusal) is durably in the audit trail
     * before the caller gets any answer.
     */
    public RecordView read(Caller caller, String datasetId, String subjectId, String purpose) {
        if (!enforcement.enabled()) {
            return readUnenforced(caller, datasetId, subjectId, purpose);
        }
        return audited.run(caller, AuditAction.READ, AuditTarget.of(datasetId, subjectId, purpose),
                () -> readChecked(caller, datasetId, subjectId, purpose),
                view -> served(caller, view));
    }

    /**
     * {@link #read} without a thread held for the audit commit, for a request served on an event loop:
     * the checks and the store lookup run now, on the calling thread, and the view is returned once its
     * event is committed. A record held by another replica is fetched from it (a blocking call), so
     * that read runs as {@link #read} on {@code blocking}, a worker of the caller's request.
     */
    public CompletionStage<RecordView> readAsync(Caller caller, String datasetId, String subjectId, String purpose,
            Executor blocking) {
        if (!store.answersHere(datasetId, subjectId)) {
            return CompletableFuture.supplyAsync(() -> read(caller, datasetId, subjectId, purpose), blocking);
        }
        if (!enforcement.enabled()) {
            try {
                return CompletableFuture.completedFuture(readUnenforced(caller, datasetId, subjectId, purpose));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return audited.runAsync(caller, AuditAction.READ, AuditTarget.of(datasetId, subjectId, purpose),
                () -> readChecked(caller, datasetId, subjectId, purpose),
                view -> served(caller, view));
    }

    /**
     * One subject's reads in several datasets for one request (a form's prefill, a subject's view):
     * each checked and looked up as {@link #read} does, their events recorded in one call, so they
     * are committed together in one audit transaction before any of them is answered — one audit wait
     * for the request instead of one per dataset (sequential reads waited for a commit each; reads
     * started at once still split over two commits when the first one found the writer idle).
     * "No grant" and "not found" are outcomes; any other failure (purpose, quota, stores) is recorded
     * with the events before it and thrown, and the datasets after it are not read.
     */
    public Map<String, ReadOutcome> attemptAll(Caller caller, Collection<String> datasetIds, String subjectId,
            String purpose) {
        Map<String, ReadOutcome> byDataset = new LinkedHashMap<>();
        attemptAll(caller, datasetIds.stream().map(id -> new ReadTarget(id, subjectId)).toList(), purpose)
                .forEach((target, outcome) -> byDataset.put(target.datasetId(), outcome));
        return byDataset;
    }

    /**
     * {@link #attemptAll(Caller, Collection, String, String)} for any records — several subjects of one
     * dataset (a household's members) as well as one subject in several datasets: every read checked and
     * looked up alone, their audit events committed together before any outcome is returned.
     */
    public Map<ReadTarget, ReadOutcome> attemptAll(Caller caller, List<ReadTarget> targets, String purpose) {
        if (!enforcement.enabled()) {
            Map<ReadTarget, ReadOutcome> outcomes = new LinkedHashMap<>();
            targets.forEach(t -> outcomes.put(t, unenforced(caller, t.datasetId(), t.subjectId(), purpose)));
            return outcomes;
        }
        List<AuditEntry> events = new ArrayList<>(targets.size());
        Map<ReadTarget, ReadOutcome> outcomes = attemptEach(caller, targets, purpose, events);
        audited.record(events); // durable before any outcome leaves this method
        return outcomes;
    }

    /** What a read that leads to further reads returned: the first read's view and the others' outcomes. */
    public record FollowedRead(RecordView first, Map<ReadTarget, ReadOutcome> then) {
    }

    /**
     * A read whose answer decides further reads (a household: the applicant's record names the household
     * number whose members are then read). The first is checked and looked up as {@link #read}; its refusal
     * is recorded and thrown, and nothing else is read. Then {@code next} names the further targets from its
     * view, each attempted as in {@link #attemptAll}, and every event — the first read's and the others' —
     * is committed in one transaction before anything is returned: one audit wait for the whole view
     * instead of one for the first read and another for the rest.
     */
    public FollowedRead readThen(Caller caller, String datasetId, String subjectId, String purpose,
            Function<RecordView, List<ReadTarget>> next) {
        if (!enforcement.enabled()) {
            RecordView first = readUnenforced(caller, datasetId, subjectId, purpose);
            return new FollowedRead(first, attemptAll(caller, next.apply(first), purpose));
        }
        RecordView first;
        try {
            first = readChecked(caller, datasetId, subjectId, purpose);
        } catch (RuntimeException refused) {
            audited.recordFailure(List.of(refusal(caller, datasetId, subjectId, purpose, refused)), refused);
            throw refused;
        }
        List<AuditEntry> events = new ArrayList<>();
        events.add(served(caller, first));
        List<ReadTarget> targets;
        try {
            targets = next.apply(first);
        } catch (RuntimeException failure) {
            audited.recordFailure(events, failure); // nothing is answered but the failure
            throw failure;
        }
        Map<ReadTarget, ReadOutcome> outcomes = attemptEach(caller, targets, purpose, events);
        audited.record(events);
        return new FollowedRead(first, outcomes);
    }

    /**
     * Each target checked and looked up alone, its event added to {@code events}. "No grant" and "not
     * found" are outcomes; any other failure is recorded with the events before it and thrown, and the
     * targets after it are not read.
     */
    private Map<ReadTarget, ReadOutcome> attemptEach(Caller caller, List<ReadTarget> targets, String purpose,
            List<AuditEntry> events) {
        Map<ReadTarget, ReadOutcome> outcomes = new LinkedHashMap<>();
        for (ReadTarget target : targets) {
            String datasetId = target.datasetId();
            String subjectId = target.subjectId();
            try {
                RecordView view = readChecked(caller, datasetId, subjectId, purpose);
                outcomes.put(target, new ReadOutcome.Served(view));
                events.add(served(caller, view));
            } catch (RuntimeException refused) {
                events.add(refusal(caller, datasetId, subjectId, purpose, refused));
                if (refused instanceof NoGrant noGrant) {
                    outcomes.put(target, new ReadOutcome.Refused(noGrant));
                } else if (refused instanceof RecordNotFound absent) {
                    outcomes.put(target, new ReadOutcome.NotFound(absent));
                } else {
                    audited.recordFailure(events, refused); // nothing is answered but the failure
                    throw refused;
                }
            }
        }
        return outcomes;
    }

    private ReadOutcome unenforced(Caller caller, String datasetId, String subjectId, String purpose) {
        try {
            return new ReadOutcome.Served(readUnenforced(caller, datasetId, subjectId, purpose));
        } catch (RecordNotFound absent) {
            return new ReadOutcome.NotFound(absent);
        }
    }

    /** The same read without grant, purpose or audit: what the benchmark compares against. */
    private RecordView readUnenforced(Caller caller, String datasetId, String subjectId, String purpose) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        guards.subject(dataset.subjectType(), subjectId, "subjectId");
        AccessDecision everything = AccessDecision.unrestricted(new LinkedHashSet<>(dataset.fieldNames()));
        RecordProjection.Projected projected = store.find(datasetId, subjectId)
                .map(bytes -> codec.decode(datasetId, bytes))
                .flatMap(record -> RecordProjection.project(dataset, record, everything))
                .orElseThrow(() -> new RecordNotFound("No record of this subject in " + datasetId + "."));
        accessLog.record(new AccessEvent(datasetId, subjectId, caller.department(), caller.userId(), purpose, clock.instant()));
        return new RecordView(datasetId, subjectId, dataset.version(), purpose, projected.fields(), projected.withheld());
    }

    private RecordView readChecked(Caller caller, String datasetId, String subjectId, String purpose) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        guards.purpose(purpose);
        AccessDecision decision = policy.decide(caller, dataset, purpose, LocalDate.now(clock));
        if (!decision.allowed()) {
            LOG.infof("read refused dataset=%s dept=%s user=%s purpose=%s subject=%s reason=no-grant",
                    datasetId, caller.department(), caller.userId(), purpose, mask(dataset, subjectId));
            throw NoGrant.on(caller.department(), datasetId, purpose);
        }
        guards.subject(dataset.subjectType(), subjectId, "subjectId");
        if (!quota.take(RequestBudgets.callerKey(caller.department(), caller.userId()))) {
            throw new QuotaExceeded("You have made " + quota.perDay() + " record reads today, the daily quota; reads "
                    + "resume at midnight UTC. If your work needs more, ask an administrator.", quota.secondsUntilReset());
        }
        Optional<RecordProjection.Projected> projected = store.find(datasetId, subjectId)
                .map(bytes -> codec.decode(datasetId, bytes))
                .flatMap(record -> RecordProjection.project(dataset, record, decision));
        // served and not-found reads at DEBUG: each is already an audit event, and a console line per
        // read (formatted and written under the handler's lock) was a measurable part of a read's cost
        if (projected.isEmpty()) {
            LOG.debugf("read dataset=%s dept=%s user=%s purpose=%s subject=%s outcome=not-found",
                    datasetId, caller.department(), caller.userId(), purpose, mask(dataset, subjectId));
            throw new RecordNotFound("No record of this subject in " + datasetId + " that your department may see.");
        }
        LOG.debugf("read dataset=%s dept=%s user=%s purpose=%s subject=%s outcome=ok fields=%d withheld=%d",
                datasetId, caller.department(), caller.userId(), purpose, mask(dataset, subjectId),
                projected.get().fields().size(), projected.get().withheld().size());
        accessLog.record(new AccessEvent(datasetId, subjectId, caller.department(), caller.userId(), purpose, clock.instant()));
        return new RecordView(datasetId, subjectId, dataset.version(), purpose,
                projected.get().fields(), projected.get().withheld());
    }

    /** The event of a read refused (or failed) with {@code failure}. */
    private static AuditEntry refusal(Caller caller, String datasetId, String subjectId, String purpose,
            RuntimeException failure) {
        return AuditEntry.of(caller, AuditAction.READ, datasetId, subjectId, List.of(), purpose,
                AuditOutcome.of(failure), null);
    }

    /** The event of a served read: the fields it returned. */
    private static AuditEntry served(Caller caller, RecordView view) {
        return AuditEntry.of(caller, AuditAction.READ, view.dataset(), view.subjectId(), view.fields().keySet(),
                view.purpose(), AuditOutcome.OK, null);
    }

    private static String mask(DatasetDescriptor dataset, String subjectId) {
        return SubjectIds.mask(dataset.subjectType(), subjectId);
    }
}
