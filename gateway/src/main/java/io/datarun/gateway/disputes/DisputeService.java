package io.datarun.gateway.disputes;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.failure.DisputeClosed;
import io.datarun.gateway.failure.DisputeNotFound;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.FieldNotGranted;
import io.datarun.gateway.failure.InvalidDispute;
import io.datarun.gateway.failure.InvalidResolution;
import io.datarun.gateway.failure.NotOwnerSteward;
import io.datarun.gateway.failure.RecordNotFound;
import io.datarun.gateway.failure.ValidationFailed;
import io.datarun.gateway.intake.PushItem;
import io.datarun.gateway.intake.PushPublisher;
import io.datarun.gateway.reads.RecordReadService;
import io.datarun.gateway.reads.RecordView;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.usage.SubjectReads;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.jboss.logging.Logger;

/**
 * The dispute lifecycle. Raising one is a read (the consumer must be allowed to see the field it
 * disputes, for a purpose); resolving is the owner steward's: a correction goes through the same
 * door as any pushed record and becomes the record's new version.
 */
@ApplicationScoped
public class DisputeService {
    private static final Logger LOG = Logger.getLogger(DisputeService.class);
    /** A comment longer than this is refused: a dispute names one wrong value, it is not a document store. */
    public static final int MAX_COMMENT = 2000;
    /** A proposed value longer than this is refused: no field of the catalog holds more. */
    public static final int MAX_PROPOSED_VALUE = 500;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private final Guards guards;
    private final RecordReadService reads;
    private final RecordStore store;
    private final RecordCodec codec;
    private final PushPublisher publisher;
    private final DisputeLog log;
    private final Clock clock;
    private final RecordAssembler assembler = new RecordAssembler();
    private final AuditedOperation audited;

    private final AccessPolicy policy;

    public DisputeService(Guards guards, RecordReadService reads, RecordStore store, RecordCodec codec,
            PushPublisher publisher, DisputeLog log, Clock clock, AuditedOperation audited, AccessPolicy policy) {
        this.audited = audited;
        this.policy = policy;
        this.guards = guards;
        this.reads = reads;
        this.store = store;
        this.codec = codec;
        this.publisher = publisher;
        this.log = log;
        this.clock = clock;
    }

    /** What a consumer files. */
    public record Request(String dataset, String subjectId, String field, String comment, String purpose,
            String proposedValue) {
        /** A request without a proposed value. */
        public Request(String dataset, String subjectId, String field, String comment, String purpose) {
            this(dataset, subjectId, field, comment, purpose, null);
        }
    }

    /** What the owner's steward decides. */
    public record Resolution(String outcome, String reason, String correctedValue) {
    }

    public Dispute raise(Caller caller, Request request) {
        List<FieldError> missing = new ArrayList<>();
        require(missing, "dataset", request.dataset());
        require(missing, "subjectId", request.subjectId());
        require(missing, "field", request.field());
        require(missing, "comment", request.comment());
        if (request.comment() != null && request.comment().length() > MAX_COMMENT) {
            missing.add(new FieldError("comment", "too-long", "must be at most " + MAX_COMMENT + " characters"));
        }
        if (request.proposedValue() != null && request.proposedValue().length() > MAX_PROPOSED_VALUE) {
            missing.add(new FieldError("proposedValue", "too-long", "must be at most " + MAX_PROPOSED_VALUE + " characters"));
        }
        if (!missing.isEmpty()) {
            throw new InvalidDispute(missing);
        }
        DatasetDescriptor dataset = guards.dataset(request.dataset());
        // a read, with all of a read's checks: purpose, grant, divisions, existence
        RecordView view = reads.read(caller, dataset.id(), request.subjectId(), request.purpose());
        if (!view.fields().containsKey(request.field())) {
            throw audited.refuse(caller, AuditAction.DISPUTE_RAISE,
                    AuditTarget.of(dataset.id(), request.subjectId(), request.purpose()), new FieldNotGranted());
        }
        Object value = view.fields().get(request.field());
        Dispute dispute = new Dispute(UUID.randomUUID().toString(), dataset.id(), dataset.owner(), request.subjectId(),
                request.field(), value == null ? null : value.toString(), versionUpdatedAt(dataset, request.subjectId()),
                request.comment().strip(), proposed(request.proposedValue()), caller.department(), caller.userId(), clock.instant(), Dispute.Status.OPEN,
                null, null, null, null, null, division(dataset, request.subjectId()).orElse(null));
        log.write(dispute);
        audited.record(AuditEntry.of(caller, AuditAction.DISPUTE_RAISE, dataset.id(), dispute.subjectId(),
                List.of(dispute.field()), request.purpose(), AuditOutcome.OK, "dispute=" + dispute.id()
                        + (dispute.proposedValue() == null ? "" : " with-proposed-value")));
        LOG.infof("dispute raised id=%s dataset=%s subject=%s field=%s dept=%s", dispute.id(), dataset.id(),
                SubjectIds.mask(dataset.subjectType(), dispute.subjectId()), dispute.field(), caller.department());
        return dispute;
    }

    /**
     * The disputes the caller may see, newest first, at most {@code limit}. Reading a dispute is
     * reading the disputed record: the raising department names a purpose and sees a dispute only
     * while a current grant lets it read the field for that purpose (see {@link #view}); each dispute
     * shown is an audit event naming its subject.
     */
    public List<Dispute> list(Caller caller, Optional<Dispute.Status> status, String purpose, int limit) {
        requirePurpose(caller, purpose);
        return audited.runMany(caller, AuditAction.DISPUTE_READ, AuditTarget.of(null, null, purpose),
                () -> log.all().stream()
                        .filter(d -> status.map(s -> s == d.status()).orElse(true))
                        .sorted(Comparator.comparing(Dispute::raisedAt).reversed())
                        .map(d -> view(caller, d, purpose))
                        .flatMap(Optional::stream)
                        .limit(limit)
                        .toList(),
                shown -> readEvents(caller, purpose, shown))
                .stream().map(Dispute::withoutDivision).toList();
    }

    public Dispute get(Caller caller, String id, String purpose) {
        requirePurpose(caller, purpose);
        Dispute shown = audited.runMany(caller, AuditAction.DISPUTE_READ, new AuditTarget(null, null, purpose, "dispute=" + id),
                () -> log.find(id).flatMap(d -> view(caller, d, purpose)).orElseThrow(() -> new DisputeNotFound(id)),
                d -> readEvents(caller, purpose, List.of(d)));
        // who read the record is the owner's business: its stewards see it, nobody else
        Dispute answered = Guards.isOwnerSteward(caller, shown.owner()) ? shown.withReaders(readers(shown)) : shown;
        return answered.withoutDivision();
    }

    private List<AuditEntry> readEvents(Caller caller, String purpose, List<Dispute> shown) {
        List<AuditEntry> events = new ArrayList<>();
        events.add(AuditEntry.of(caller, AuditAction.DISPUTE_READ, null, null, List.of(), purpose, AuditOutcome.OK,
                "returned=" + shown.size()));
        shown.forEach(d -> events.add(AuditEntry.of(caller, AuditAction.DISPUTE_READ, d.dataset(), d.subjectId(),
                d.disputedValue() == null ? List.of() : List.of(d.field()), purpose, AuditOutcome.OK, "dispute=" + d.id())));
        return events;
    }

    /** Only the owner's stewards and admins read disputes without a purpose; everyone else names one. */
    private void requirePurpose(Caller caller, String purpose) {
        if (purpose != null || (!caller.hasRole("steward") && !caller.hasRole("admin"))) {
            guards.purpose(purpose);
        }
    }

    public Dispute resolve(Caller caller, String id, Resolution resolution) {
        // the raising department knows its dispute exists: it is told it may not resolve it, not that it is gone
        Dispute dispute = log.find(id)
                .filter(d -> view(caller, d, null).isPresent() || d.raisedByDepartment().equals(caller.department()))
                .orElseThrow(() -> new DisputeNotFound(id));
        if (!Guards.isOwnerSteward(caller, dispute.owner())) {
            throw audited.refuse(caller, AuditAction.DISPUTE_RESOLVE,
                    new AuditTarget(dispute.dataset(), dispute.subjectId(), null, "dispute=" + id),
                    new NotOwnerSteward("Only a steward of '" + dispute.owner() + "' resolves this dispute."));
        }
        if (dispute.status() != Dispute.Status.OPEN) {
            throw new DisputeClosed(dispute.status().toString());
        }
        String outcome = resolution.outcome() == null ? "" : resolution.outcome().strip().toLowerCase(java.util.Locale.ROOT);
        Instant now = clock.instant();
        Dispute resolved = switch (outcome) {
            case "rejected" -> {
                if (resolution.reason() == null || resolution.reason().isBlank()) {
                    throw new InvalidResolution("A rejection states its reason.", FieldError.required("reason"));
                }
                yield dispute.resolved(Dispute.Status.REJECTED, resolution.reason().strip(), null, caller.userId(), now);
            }
            case "corrected" -> {
                if (resolution.correctedValue() == null) {
                    throw new InvalidResolution("A correction states the corrected value.", FieldError.required("correctedValue"));
                }
                publishCorrection(caller, dispute, resolution.correctedValue(), now);
                yield dispute.resolved(Dispute.Status.CORRECTED, resolution.reason(), resolution.correctedValue(),
                        caller.userId(), now);
            }
            default -> throw new InvalidResolution("The outcome is 'corrected' or 'rejected'.",
                    new FieldError("outcome", "unknown", "must be corrected or rejected"));
        };
        log.write(resolved);
        audited.record(AuditEntry.of(caller, AuditAction.DISPUTE_RESOLVE, dispute.dataset(), dispute.subjectId(),
                List.of(dispute.field()), null, resolved.status() == Dispute.Status.CORRECTED ? AuditOutcome.CORRECTED
                        : AuditOutcome.REJECTED, "dispute=" + id + asProposed(dispute, resolved)));
        LOG.infof("dispute resolved id=%s dataset=%s field=%s outcome=%s by=%s", id, dispute.dataset(), dispute.field(),
                resolved.status(), caller.department());
        return resolved.withReaders(readers(resolved)).withoutDivision();
    }

    /** A blank proposed value is none. */
    private static String proposed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Whether the steward took the raising clerk's proposal, for the audit trail (which names fields,
     * never values): " correction=as-proposed" or " correction=other-than-proposed".
     */
    static String asProposed(Dispute raised, Dispute resolved) {
        if (raised.proposedValue() == null || resolved.correctedValue() == null) {
            return "";
        }
        return raised.proposedValue().equals(resolved.correctedValue().strip())
                ? " correction=as-proposed" : " correction=other-than-proposed";
    }

    private void publishCorrection(Caller caller, Dispute dispute, String correctedValue, Instant now) {
        DatasetDescriptor dataset = guards.dataset(dispute.dataset());
        GenericRecord current = store.find(dataset.id(), dispute.subjectId())
                .map(bytes -> codec.decode(dataset.id(), bytes))
                .orElseThrow(() -> new RecordNotFound("The disputed record no longer exists."));
        Map<String, Object> raw = new LinkedHashMap<>();
        for (FieldDescriptor field : dataset.fields()) {
            Object value = current.get(field.name());
            raw.put(field.name(), value == null ? null : value.toString());
        }
        raw.put(dispute.field(), correctedValue);
        dataset.updatedAtField().ifPresent(field -> raw.put(field, now.toString()));
        RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
        if (!assembly.isAccepted()) {
            throw new ValidationFailed("The corrected record fails validation; nothing was published.",
                    assembly.violations().stream().map(v -> new FieldError(v.field(), v.code(), v.message())).toList());
        }
        publisher.publish(dataset.id(), caller.department() + "/" + caller.userId() + " dispute " + dispute.id(),
                List.of(new PushItem(0, raw, dispute.subjectId(), assembly.record(), List.of())));
    }

    /** Departments that read the record while the disputed value was served (before the resolution). */
    private List<Dispute.Reader> readers(Dispute dispute) {
        Instant from = dispute.disputedVersionUpdatedAt() == null ? Instant.EPOCH : dispute.disputedVersionUpdatedAt();
        Instant to = dispute.resolvedAt() == null ? Instant.MAX : dispute.resolvedAt();
        Map<String, List<SubjectReads.Read>> byDepartment = store.readsOf(dispute.dataset(), dispute.subjectId(), from, to)
                .reads().stream()
                .filter(r -> !r.department().equals(dispute.owner()))
                .collect(Collectors.groupingBy(SubjectReads.Read::department));
        return byDepartment.entrySet().stream()
                .map(e -> new Dispute.Reader(e.getKey(), e.getValue().size(),
                        e.getValue().stream().map(SubjectReads.Read::at).max(Instant::compareTo).orElse(null)))
                .sorted(Comparator.comparing(Dispute.Reader::department))
                .toList();
    }

    private Instant versionUpdatedAt(DatasetDescriptor dataset, String subjectId) {
        return dataset.updatedAtField().flatMap(field -> store.find(dataset.id(), subjectId)
                .map(bytes -> codec.decode(dataset.id(), bytes).get(field))
                .filter(Instant.class::isInstance).map(Instant.class::cast)).orElse(null);
    }

    /**
     * What the caller may see of a dispute, empty when nothing (answered as absent). Every caller,
     * the owner's own included, sees only disputes of subjects within its token's divisions. The
     * owner's stewards see their queue with values; the raising department sees its dispute with
     * values while a current grant covers the field for the purpose named (revoked: gone); an admin
     * of another department sees disputes without values.
     */
    private Optional<Dispute> view(Caller caller, Dispute dispute, String purpose) {
        if (!caller.reaches(Optional.ofNullable(dispute.subjectDivision()))) {
            return Optional.empty();
        }
        if (Guards.isOwnerSteward(caller, dispute.owner())) {
            return Optional.of(dispute);
        }
        if (dispute.raisedByDepartment().equals(caller.department()) && granted(caller, dispute, purpose)) {
            return Optional.of(dispute);
        }
        return caller.hasRole("admin") ? Optional.of(dispute.withoutValues()) : Optional.empty();
    }

    private boolean granted(Caller caller, Dispute dispute, String purpose) {
        if (purpose == null) {
            return false;
        }
        return guards.datasetIfPresent(dispute.dataset())
                .map(dataset -> policy.decide(caller, dataset, purpose, LocalDate.now(clock))
                        .visibleFields(Optional.ofNullable(dispute.subjectDivision())).contains(dispute.field()))
                .orElse(false);
    }

    private Optional<String> division(DatasetDescriptor dataset, String subjectId) {
        return dataset.divisionField().flatMap(field -> store.find(dataset.id(), subjectId)
                .map(bytes -> codec.decode(dataset.id(), bytes).get(field))
                .map(Object::toString));
    }

    private static void require(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.required(field));
        }
    }
}
