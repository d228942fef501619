package io.datarun.gateway.forms;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.failure.BodyRequired;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.NotOwner;
import io.datarun.gateway.failure.OutOfReach;
import io.datarun.gateway.failure.UnknownFormField;
import io.datarun.gateway.failure.ValidationFailed;
import io.datarun.gateway.intake.PushItem;
import io.datarun.gateway.intake.PushPublisher;
import io.datarun.gateway.intake.WriteReach;
import io.datarun.gateway.store.RecordStore;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * Takes a filled form: the seal proves the prefilled fields were not altered (a changed one is
 * refused with a pointer to the dispute procedure), the typed fields are checked against the form's
 * constraints and the target schema's rules ({@link RecordAssembler}, as for every record entering),
 * and published once, in one transaction per target dataset, as records of the clerk's department
 * ({@link PushPublisher}: rejected ones go to the dead-letter topic). Accepted submissions are
 * counted in the form-burden ledger.
 */
@ApplicationScoped
public class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class);

    private final PrefillService prefills;
    private final Guards guards;
    private final SealCheck seals;
    private final RecordStore store;
    private final RecordCodec codec;
    private final PushPublisher publisher;
    private final FormLedger ledger;
    private final AuditedOperation audited;
    private final Clock clock;
    private final RecordAssembler assembler = new RecordAssembler();
    private final WriteReach reach;

    public SubmissionService(PrefillService prefills, Guards guards, FormSeal seal, RecordStore store, RecordCodec codec,
            PushPublisher publisher, FormLedger ledger, AuditedOperation audited, Clock clock, WriteReach reach) {
        this.reach = reach;
        this.prefills = prefills;
        this.guards = guards;
        this.seals = new SealCheck(seal, clock);
        this.store = store;
        this.codec = codec;
        this.publisher = publisher;
        this.ledger = ledger;
        this.audited = audited;
        this.clock = clock;
    }

    public SubmissionResult submit(Caller caller, String formId, FormSubmission submission) {
        FormDefinition form = prefills.form(formId);
        if (submission == null) {
            throw new BodyRequired("Send {subject, purpose, seal, values}.");
        }
        guards.purpose(submission.purpose());
        String subject = prefills.subject(form, submission.subject());
        FormSeal.Payload sealed = seals.verify(form, subject, submission.seal());
        SealCheck.requireIssuedTo(sealed, PrefillService.issuedTo(caller));
        Map<String, Object> values = submission.values() == null ? Map.of() : submission.values();
        List<FieldError> unknown = values.keySet().stream().filter(name -> form.field(name).isEmpty())
                .map(name -> new FieldError(name, "unknown-field", "is not a field of form " + form.id()))
                .toList();
        if (!unknown.isEmpty()) {
            throw new UnknownFormField("The submission names fields form " + form.id() + " v"
                    + form.version() + " does not have; GET /api/v1/forms/" + form.id() + " lists them.", unknown);
        }
        Map<String, String> corrections = submission.corrections() == null ? Map.of() : submission.corrections();
        Set<String> corrected = SealCheck.requireLockedUnchanged(form, sealed, values, corrections);

        Map<String, Object> typed = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (FormField field : form.fields()) {
            boolean correcting = corrected.contains(field.name());
            if (!correcting && (sealed.locked().containsKey(field.name()) || sealed.absent().contains(field.name()))) {
                continue;
            }
            Object value = values.get(field.name());
            if (FormValues.blank(value)) {
                if (field.constraints().required()) {
                    errors.add(FieldError.required(field.name()));
                }
                continue;
            }
            FormConstraints.check(field, value).ifPresent(errors::add);
            typed.put(field.name(), value);
        }
        if (!errors.isEmpty()) {
            throw validationFailed(form, errors);
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        corrected.forEach(name -> reasons.put(name, corrections.get(name).strip()));
        List<SubmissionResult.Published> published = publish(caller, form, subject, sealed, typed, reasons);
        // an absent field is answered by the feeds as much as a prefilled one: the clerk typed nothing
        int prefilled = sealed.locked().size() - corrected.size() + sealed.absent().size();
        long keystrokes = sealed.locked().entrySet().stream()
                .mapToLong(e -> SealCheck.keptValue(e.getValue(), values.get(e.getKey())).map(v -> v.toString().length()).orElse(0))
                .sum();
        try {
            ledger.record(new FormLedgerEvent(form.id(), form.version(), caller.department(), caller.userId(),
                    form.fields().size(), prefilled, typed.size(), keystrokes, clock.instant()));
        } catch (KafkaException e) {
            // the records are published: a missing ledger entry under-counts the report, it must not fail the clerk
            LOG.warnf("form ledger entry not written form=%s dept=%s user=%s error=%s", form.id(), caller.department(),
                    caller.userId(), e.getMessage());
        }
        LOG.infof("form submitted form=%s v%d dept=%s user=%s fields=%d prefilled=%d typed=%d corrected=%s published=%s",
                form.id(), form.version(), caller.department(), caller.userId(), form.fields().size(), prefilled,
                typed.size(), corrected, published.stream().map(SubmissionResult.Published::dataset).toList());
        return new SubmissionResult(form.id(), form.version(), subject, form.fields().size(), prefilled, typed.size(),
                keystrokes, published, List.copyOf(corrected));
    }

    private List<SubmissionResult.Published> publish(Caller caller, FormDefinition form, String subject,
            FormSeal.Payload sealed, Map<String, Object> typed, Map<String, String> reasons) {
        Map<String, Map<String, String>> byDataset = new LinkedHashMap<>(); // dataset -> dataset field -> form field
        // every spelling of the datum in the target dataset (the exact decimal and the older double) gets the typed value
        typed.keySet().forEach(name -> form.field(name).map(FormField::writeTo).orElse(List.of()).forEach(target ->
                byDataset.computeIfAbsent(target.dataset(), d -> new LinkedHashMap<>()).put(target.field(), name)));
        for (String datasetId : byDataset.keySet()) {
            DatasetDescriptor dataset = guards.dataset(datasetId);
            if (!dataset.owner().equals(caller.department())) {
                throw new NotOwner("Form " + form.id() + " publishes typed fields to " + datasetId
                        + ", owned by '" + dataset.owner() + "'; only its clerks may submit them. Your department is '"
                        + caller.department() + "'.");
            }
        }
        List<SubmissionResult.Published> published = new ArrayList<>();
        String pushedBy = caller.department() + "/" + caller.userId() + " form " + form.id() + " v" + form.version();
        for (Map.Entry<String, Map<String, String>> entry : byDataset.entrySet()) {
            DatasetDescriptor dataset = guards.dataset(entry.getKey());
            Map<String, Object> raw = existing(dataset, subject);
            entry.getValue().forEach((datasetField, formField) -> raw.put(datasetField, typed.get(formField)));
            raw.put(dataset.subjectField(), subject);
            dataset.updatedAtField().ifPresent(field -> raw.put(field, clock.instant()));
            dataset.divisionField().filter(field -> raw.get(field) == null)
                    .ifPresent(field -> division(form, sealed, caller).ifPresent(d -> raw.put(field, d)));
            if (!reach.allows(caller, dataset, subject, dataset.divisionField().map(raw::get).orElse(null))) {
                throw audited.refuse(caller, AuditAction.FORM_SUBMISSION, AuditTarget.of(dataset.id(), subject, null),
                        new OutOfReach("The record form " + form.id() + " would write for this subject lies outside the "
                                + "divisions your token names; nothing was published.",
                                List.of(new FieldError("subject", OutOfReach.CODE, "is outside your divisions"))));
            }
            RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
            PushItem item = new PushItem(0, raw, subject, assembly.record(), assembly.violations());
            Map<Integer, String> ids = publisher.publish(dataset.id(), pushedBy, List.of(item));
            audited.record(AuditEntry.of(caller, AuditAction.FORM_SUBMISSION, dataset.id(), subject,
                    entry.getValue().keySet(), null, item.accepted() ? AuditOutcome.ACCEPTED : AuditOutcome.REJECTED,
                    "form=" + form.id() + " v" + form.version() + (item.accepted() ? " record=" + ids.get(0) : " dead-lettered")
                            + corrections(entry.getValue().values(), reasons)));
            if (!item.accepted()) {
                List<FieldError> errors = assembly.violations().stream()
                        .map(v -> new FieldError(entry.getValue().getOrDefault(v.field(), v.field()),
                                v.code(), v.message()))
                        .toList();
                throw validationFailed(form, errors);
            }
            published.add(new SubmissionResult.Published(dataset.id(), ids.get(0), List.copyOf(entry.getValue().keySet())));
        }
        return published;
    }

    /** The latest record of the clerk's own dataset, as raw values, so a form typing some fields keeps the others. */
    private Map<String, Object> existing(DatasetDescriptor dataset, String subject) {
        Map<String, Object> raw = new LinkedHashMap<>();
        store.find(dataset.id(), subject).map(bytes -> codec.decode(dataset.id(), bytes)).ifPresent(record -> {
            for (Schema.Field field : record.getSchema().getFields()) {
                if (dataset.field(field.name()).isPresent()) {
                    raw.put(field.name(), plain(record, field.name()));
                }
            }
        });
        return raw;
    }

    private static Object plain(GenericRecord record, String field) {
        Object value = record.get(field);
        return value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>
                ? value.toString() : value;
    }

    /**
     * The subject's division for the published record: the prefilled value of a form field read from
     * some dataset's division field, else the clerk's own division when the token names exactly one.
     */
    private Optional<String> division(FormDefinition form, FormSeal.Payload sealed, Caller caller) {
        for (FormField field : form.fields()) {
            Object locked = sealed.locked().get(field.name());
            if (locked == null || FormSeal.isConflict(locked)) {
                continue;
            }
            boolean isDivision = field.readFrom().stream().anyMatch(source -> guards.dataset(source.dataset()).divisionField()
                    .filter(source.field()::equals).isPresent());
            if (isDivision) {
                return Optional.of(locked.toString());
            }
        }
        return caller.divisions().size() == 1 ? Optional.of(caller.divisions().iterator().next()) : Optional.empty();
    }

    /**
     * The corrections among a record's fields, for its audit event: each corrected form field and the
     * clerk's reason (the audit trail is where a correction at the counter answers for itself).
     */
    static String corrections(java.util.Collection<String> formFields, Map<String, String> reasons) {
        StringBuilder detail = new StringBuilder();
        formFields.stream().filter(reasons::containsKey).forEach(name -> detail.append(" corrected=").append(name)
                .append(" reason=\"").append(reasons.get(name).replace('"', '\'')).append('"'));
        return detail.toString();
    }

    private static ValidationFailed validationFailed(FormDefinition form, List<FieldError> errors) {
        return new ValidationFailed("Some typed fields of form " + form.id()
                + " are not valid; nothing was published from them.", errors);
    }

}
