package io.datarun.gateway.disputes;

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

    private final Guards guards;
    private final RecordReadService reads;
    private final RecordStore store;
    private final RecordCodec codec;
    private final PushPublisher publisher;
    private final DisputeLog log;
    private final Clock clock;
    private final RecordAssembler assembler = new RecordAssembler();
    private final AuditedOperation audited;

    public DisputeService(Guards guards, RecordReadService reads, RecordStore store, RecordCodec codec,
            PushPublisher publisher, DisputeLog log, Clock clock, AuditedOperation audited) {
        this.audited = audited;
        this.guards = guards;
        this.reads = reads;
        this.store = store;
        this.codec = codec;
        this.publisher = publisher;
        this.log = log;
        this.clock = clock;
    }

    /** What a consumer files. */
    public record Request(String dataset, String subjectId, String field, String comment, String purpose) {
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
                request.comment().strip(), caller.department(), caller.userId(), clock.instant(), Dispute.Status.OPEN,
                null, null, null, null, null);
        log.write(dispute);
        audited.record(AuditEntry.of(caller, AuditAction.DISPUTE_RAISE, dataset.id(), dispute.subjectId(),
                List.of(dispute.field()), request.purpose(), AuditOutcome.OK, "dispute=" + dispute.id()));
        LOG.infof("dispute raised id=%s dataset=%s subject=%s field=%s dept=%s", dispute.id(), dataset.id(),
                SubjectIds.mask(dataset.subjectType(), dispute.subjectId()), dispute.field(), caller.department());
        return dispute;
    }

    /** Admins see all; stewards their department's queue and what it raised; others what their department raised. */
    public List<Dispute> list(Caller caller, Optional<Dispute.Status> status) {
        return log.all().stream()
                .filter(d -> visible(caller, d))
                .filter(d -> status.map(s -> s == d.status()).orElse(true))
                .sorted(Comparator.comparing(Dispute::raisedAt).reversed())
                .map(d -> valuesFor(caller, d))
                .toList();
    }

    public Dispute get(Caller caller, String id) {
        Dispute dispute = log.find(id).filter(d -> visible(caller, d)).orElseThrow(() -> new DisputeNotFound(id));
        return valuesFor(caller, dispute.withReaders(readers(dispute)));
    }

    public Dispute resolve(Caller caller, String id, Resolution resolution) {
        Dispute dispute = log.find(id).filter(d -> visible(caller, d)).orElseThrow(() -> new DisputeNotFound(id));
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
                        : AuditOutcome.REJECTED, "dispute=" + id));
        LOG.infof("dispute resolved id=%s dataset=%s field=%s outcome=%s by=%s", id, dispute.dataset(), dispute.field(),
                resolved.status(), caller.department());
        return resolved.withReaders(readers(resolved));
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
        Map<String, List<SubjectReads.Read>> byDepartment = store.readsOf(dispute.dataset(), dispute.subjectId()).reads()
                .stream()
                .filter(r -> !r.at().isBefore(from) && !r.at().isAfter(to))
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

    private static boolean visible(Caller caller, Dispute dispute) {
        if (Guards.isOwnerSteward(caller, dispute.owner())) {
            return true;
        }
        // a token limited to divisions reads only subjects registered there; a dispute does not record
        // its subject's division, so such a token sees none it does not own (LeakageTest found the
        // disputed value of a subject outside the token's divisions in the raising department's list)
        if (!caller.divisions().isEmpty() && !dispute.owner().equals(caller.department())) {
            return false;
        }
        return caller.hasRole("admin") || dispute.raisedByDepartment().equals(caller.department());
    }

    /**
     * The disputed and corrected values are the record's field values: only the owner department
     * and the department that raised the dispute (it was granted the field) see them; an admin of
     * another department sees the dispute without them.
     */
    private static Dispute valuesFor(Caller caller, Dispute d) {
        if (d.owner().equals(caller.department()) || d.raisedByDepartment().equals(caller.department())) {
            return d;
        }
        return new Dispute(d.id(), d.dataset(), d.owner(), d.subjectId(), d.field(), null, d.disputedVersionUpdatedAt(),
                d.comment(), d.raisedByDepartment(), d.raisedBy(), d.raisedAt(), d.status(), d.resolution(), null,
                d.resolvedBy(), d.resolvedAt(), d.readers());
    }

    private static void require(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(FieldError.required(field));
        }
    }
}
