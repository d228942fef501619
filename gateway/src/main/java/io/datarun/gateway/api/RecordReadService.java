package io.datarun.gateway.api;

import io.datarun.gateway.access.AccessDecision;
import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.GrantBook;
import io.datarun.gateway.access.RecordProjection;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditTrail;
import io.datarun.gateway.config.EnforcementSwitch;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.usage.AccessEvent;
import io.datarun.gateway.usage.AccessLog;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One authorized read of one subject's record. The order matters: the purpose and the grant are
 * checked before the subject id is even looked at, so a refused caller learns nothing about
 * which subjects exist.
 */
@ApplicationScoped
public class RecordReadService {
    private static final Logger LOG = Logger.getLogger(RecordReadService.class);

    private final SchemaRegistry registry;
    private final GrantBook grants;
    private final AccessPolicy policy;
    private final RecordStore store;
    private final RecordCodec codec;
    private final Clock clock;
    private final AccessLog accessLog;
    private final AuditTrail audit;
    private final EnforcementSwitch enforcement;

    public RecordReadService(SchemaRegistry registry, GrantBook grants, AccessPolicy policy, RecordStore store,
            RecordCodec codec, Clock clock, AccessLog accessLog, AuditTrail audit, EnforcementSwitch enforcement) {
        this.enforcement = enforcement;
        this.accessLog = accessLog;
        this.audit = audit;
        this.registry = registry;
        this.grants = grants;
        this.policy = policy;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * The read, audited: its event (fields returned, or the refusal) is durably in the audit trail
     * before the caller gets any answer.
     */
    public RecordView read(Caller caller, String datasetId, String subjectId, String purpose) {
        if (!enforcement.enabled()) {
            return readUnenforced(caller, datasetId, subjectId, purpose);
        }
        RecordView view;
        try {
            view = readChecked(caller, datasetId, subjectId, purpose);
        } catch (RuntimeException refused) {
            audit.record(AuditEntry.of(caller, "read", datasetId, subjectId, List.of(), purpose,
                    AuditEntry.outcomeOf(refused), null));
            throw refused;
        }
        audit.record(AuditEntry.of(caller, "read", datasetId, subjectId, view.fields().keySet(), purpose, "ok", null));
        return view;
    }

    /** The same read without grant, purpose or audit: what the benchmark compares against. */
    private RecordView readUnenforced(Caller caller, String datasetId, String subjectId, String purpose) {
        DatasetDescriptor dataset = dataset(datasetId);
        validateSubject(dataset, subjectId);
        AccessDecision everything = AccessDecision.unrestricted(new java.util.LinkedHashSet<>(dataset.fieldNames()));
        RecordProjection.Projected projected = store.find(datasetId, subjectId)
                .map(bytes -> codec.decode(datasetId, bytes))
                .flatMap(record -> RecordProjection.project(dataset, record, everything))
                .orElseThrow(() -> Problems.notFound("record-not-found", "No record of this subject in " + datasetId + "."));
        accessLog.record(new AccessEvent(datasetId, subjectId, caller.department(), caller.userId(), purpose, clock.instant()));
        return new RecordView(datasetId, subjectId, dataset.version(), purpose, projected.fields(), projected.withheld());
    }

    private RecordView readChecked(Caller caller, String datasetId, String subjectId, String purpose) {
        DatasetDescriptor dataset = dataset(datasetId);
        requirePurpose(purpose);
        AccessDecision decision = policy.decide(caller, dataset, purpose, LocalDate.now(clock));
        if (!decision.allowed()) {
            LOG.infof("read refused dataset=%s dept=%s user=%s purpose=%s subject=%s reason=no-grant",
                    datasetId, caller.department(), caller.userId(), purpose, mask(dataset, subjectId));
            throw Problems.forbidden("no-grant", "Department '" + caller.department() + "' holds no grant on "
                    + datasetId + " for purpose '" + purpose + "'.");
        }
        validateSubject(dataset, subjectId);
        Optional<RecordProjection.Projected> projected = store.find(datasetId, subjectId)
                .map(bytes -> codec.decode(datasetId, bytes))
                .flatMap(record -> RecordProjection.project(dataset, record, decision));
        if (projected.isEmpty()) {
            LOG.infof("read dataset=%s dept=%s user=%s purpose=%s subject=%s outcome=not-found",
                    datasetId, caller.department(), caller.userId(), purpose, mask(dataset, subjectId));
            throw Problems.notFound("record-not-found", "No record of this subject in " + datasetId
                    + " that your department may see.");
        }
        LOG.infof("read dataset=%s dept=%s user=%s purpose=%s subject=%s outcome=ok fields=%d withheld=%d",
                datasetId, caller.department(), caller.userId(), purpose, mask(dataset, subjectId),
                projected.get().fields().size(), projected.get().withheld().size());
        accessLog.record(new AccessEvent(datasetId, subjectId, caller.department(), caller.userId(), purpose, clock.instant()));
        return new RecordView(datasetId, subjectId, dataset.version(), purpose,
                projected.get().fields(), projected.get().withheld());
    }

    private DatasetDescriptor dataset(String datasetId) {
        return registry.latest(datasetId).orElseThrow(() ->
                Problems.notFound("dataset-not-found", "No dataset '" + datasetId + "'; GET /api/v1/datasets lists them."));
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

    static void validateSubject(DatasetDescriptor dataset, String subjectId) {
        SubjectIds.problem(dataset.subjectType(), subjectId).ifPresent(code -> {
            throw Problems.badRequest("invalid-subject-id", "The subject id is not a valid "
                    + dataset.subjectType().wireName() + " identifier.",
                    List.of(new ProblemException.FieldError("subjectId", code, Violation.of("subjectId", code).message())));
        });
    }

    static String mask(DatasetDescriptor dataset, String subjectId) {
        return SubjectIds.mask(dataset.subjectType(), subjectId);
    }
}
