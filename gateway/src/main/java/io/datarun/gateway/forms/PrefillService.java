package io.datarun.gateway.forms;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.GrantBook;
import io.datarun.gateway.api.ProblemException;
import io.datarun.gateway.api.Problems;
import io.datarun.gateway.api.RecordReadService;
import io.datarun.gateway.api.RecordView;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * Fills a form for one subject. Every source dataset is read through {@link RecordReadService}, the
 * same authorized, audited read as {@code GET /records}: what the clerk's department may not see for
 * the purpose is {@code withheld}, never shown, and every read counts in the usage report.
 */
@ApplicationScoped
public class PrefillService {
    private static final Logger LOG = Logger.getLogger(PrefillService.class);
    /** Source-dataset reads running at once over all prefills of this replica. */
    static final int SOURCE_READ_THREADS = 16;

    private final FormCatalog forms;
    private final SchemaRegistry registry;
    private final GrantBook grants;
    private final RecordReadService reads;
    private final FormSeal seal;
    private final Clock clock;
    private final ManagedExecutor executor;

    public PrefillService(FormCatalog forms, SchemaRegistry registry, GrantBook grants, RecordReadService reads,
            FormSeal seal, Clock clock) {
        // its own small pool, not the request worker pool: a burst of prefills holding every worker
        // thread while waiting for their source reads could otherwise leave none to run those reads
        this.executor = ManagedExecutor.builder().maxAsync(SOURCE_READ_THREADS).maxQueued(-1)
                .propagated(ThreadContext.ALL_REMAINING).build();
        this.forms = forms;
        this.registry = registry;
        this.grants = grants;
        this.reads = reads;
        this.seal = seal;
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }

    public FormDefinition form(String formId) {
        return forms.get(formId).orElseThrow(() -> Problems.notFound("form-not-found",
                "No form '" + formId + "'; GET /api/v1/forms lists them."));
    }

    public FormPrefill prefill(Caller caller, String formId, String subject, String purpose) {
        FormDefinition form = form(formId);
        requirePurpose(grants, purpose);
        String subjectId = requireSubject(form, subject);
        Map<String, Read> datasets = readAll(caller, form, subjectId, purpose);
        List<FieldPrefill> fields = new ArrayList<>();
        Map<String, Object> locked = new LinkedHashMap<>();
        for (FormField field : form.fields()) {
            FieldPrefill filled = fill(field, datasets);
            fields.add(filled);
            if (filled.status().equals(FieldPrefill.PREFILLED)) {
                locked.put(field.name(), filled.value());
            } else if (filled.status().equals(FieldPrefill.CONFLICT)) {
                locked.put(field.name(), filled.candidates().stream().map(FieldPrefill.Source::value).toList());
            }
        }
        FormPrefill.Summary summary = new FormPrefill.Summary(fields.size(), count(fields, FieldPrefill.PREFILLED),
                count(fields, FieldPrefill.CONFLICT), count(fields, FieldPrefill.WITHHELD), count(fields, FieldPrefill.MANUAL));
        LOG.infof("prefill form=%s v%d dept=%s user=%s purpose=%s subject=%s prefilled=%d conflict=%d withheld=%d manual=%d",
                form.id(), form.version(), caller.department(), caller.userId(), purpose,
                SubjectIds.mask(SubjectType.parse(form.subjectType()), subjectId), summary.prefilled(), summary.conflict(),
                summary.withheld(), summary.manual());
        String token = seal.sign(new FormSeal.Payload(form.id(), form.version(), subjectId, clock.instant(), locked));
        return new FormPrefill(form.id(), form.version(), form.title(), subjectId, purpose, fields, summary, token);
    }

    private FieldPrefill fill(FormField field, Map<String, Read> datasets) {
        List<FieldPrefill.Source> found = new ArrayList<>();
        Set<String> withheldBy = new LinkedHashSet<>();
        for (SourceRef source : field.readFrom()) {
            Read read = datasets.get(source.dataset());
            if (read.refused() || (read.view() != null && read.view().withheld().contains(source.field()))) {
                withheldBy.add(source.dataset());
                continue;
            }
            if (read.view() == null) {
                continue;
            }
            Object value = read.view().fields().get(source.field());
            if (FormValues.blank(value)) {
                continue;
            }
            DatasetDescriptor dataset = registry.latest(source.dataset()).orElseThrow();
            Object updatedAt = dataset.updatedAtField().map(read.view().fields()::get).orElse(null);
            found.add(new FieldPrefill.Source(dataset.owner(), dataset.id(), source.field(), value,
                    updatedAt == null ? null : updatedAt.toString()));
        }
        String writeBack = field.manual().map(SourceRef::toString).orElse(null);
        if (found.isEmpty()) {
            return withheldBy.isEmpty()
                    ? new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.MANUAL, null, null, null, null, writeBack)
                    : new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.WITHHELD, null, null, null,
                            List.copyOf(withheldBy), writeBack);
        }
        boolean agree = found.stream().allMatch(s -> FormValues.same(s.value(), found.get(0).value()));
        if (agree) {
            return new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.PREFILLED, found.get(0).value(),
                    found.get(0), found.size() > 1 ? List.copyOf(found) : null, null, null);
        }
        return new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.CONFLICT, null, null,
                List.copyOf(found), null, null);
    }

    /**
     * Reads every source dataset of the form at once. Each read is the full authorized read, which
     * waits until its audit event is committed; started together, the reads' events share one audit
     * transaction (the trail group-commits what is waiting), so a form over seven datasets costs
     * about one audited read instead of seven. The executor propagates the request context: every
     * event carries this request's id. The first unexpected failure (e.g. the audit trail being
     * unavailable) fails the prefill after all reads have finished.
     */
    private Map<String, Read> readAll(Caller caller, FormDefinition form, String subjectId, String purpose) {
        Map<String, CompletableFuture<Read>> pending = new LinkedHashMap<>();
        for (FormField field : form.fields()) {
            for (SourceRef source : field.readFrom()) {
                pending.computeIfAbsent(source.dataset(),
                        id -> executor.supplyAsync(() -> read(caller, id, subjectId, purpose)));
            }
        }
        Map<String, Read> datasets = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<Read>> entry : pending.entrySet()) {
            try {
                datasets.put(entry.getKey(), entry.getValue().join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return datasets;
    }

    private Read read(Caller caller, String datasetId, String subjectId, String purpose) {
        try {
            return new Read(reads.read(caller, datasetId, subjectId, purpose), false);
        } catch (ProblemException e) {
            if (e.status() == 403) {
                return new Read(null, true);
            }
            if (e.status() == 404 && e.code().equals("record-not-found")) {
                return new Read(null, false);
            }
            throw e;
        }
    }

    private static int count(List<FieldPrefill> fields, String status) {
        return (int) fields.stream().filter(f -> f.status().equals(status)).count();
    }

    static void requirePurpose(GrantBook grants, String purpose) {
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

    static String requireSubject(FormDefinition form, String subject) {
        SubjectType type = SubjectType.parse(form.subjectType());
        if (subject == null || subject.isBlank()) {
            throw Problems.badRequest("subject-required", "Name the resident: add ?subject=<resident ID number>.",
                    List.of(new ProblemException.FieldError("subject", "required", "is required")));
        }
        SubjectIds.problem(type, subject.strip()).ifPresent(code -> {
            throw Problems.badRequest("invalid-subject-id", "The subject is not a valid " + type.wireName() + " identifier.",
                    List.of(new ProblemException.FieldError("subject", code, Violation.of("subject", code).message())));
        });
        return SubjectIds.normalize(type, subject.strip());
    }

    /** One dataset's answer: its visible record, refused (no grant for the purpose), or nothing found. */
    private record Read(RecordView view, boolean refused) {
    }
}
