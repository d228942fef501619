package io.datarun.gateway.forms;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.failure.FormNotFound;
import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.gateway.reads.RecordReadService;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.SubjectIds;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** Source reads waiting for a thread; beyond this a prefill is refused (busy) instead of queueing without end. */
    static final int SOURCE_READ_QUEUE = 256;

    private final FormCatalog forms;
    private final Guards guards;
    private final RecordReadService reads;
    private final PrefillMerge merge;
    private final FormSeal seal;
    private final Clock clock;
    private final ManagedExecutor executor;
    private final Absence absence;

    public PrefillService(FormCatalog forms, Guards guards, RecordReadService reads, FormSeal seal, Clock clock,
            AccessPolicy policy) {
        this.absence = new Absence(guards::dataset, policy, clock);
        // its own small pool, not the request worker pool: a burst of prefills holding every worker
        // thread while waiting for their source reads could otherwise leave none to run those reads
        this.executor = ManagedExecutor.builder().maxAsync(SOURCE_READ_THREADS).maxQueued(SOURCE_READ_QUEUE)
                .propagated(ThreadContext.ALL_REMAINING).build();
        this.forms = forms;
        this.guards = guards;
        this.reads = reads;
        this.merge = new PrefillMerge(guards::dataset);
        this.seal = seal;
        this.clock = clock;
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }

    public FormDefinition form(String formId) {
        return forms.get(formId).orElseThrow(() -> new FormNotFound(formId));
    }

    /** The form's subject id, checked for its type and in its normal form. */
    String subject(FormDefinition form, String subject) {
        return guards.requiredSubject(SubjectType.parse(form.subjectType()), subject, "subject");
    }

    public FormPrefill prefill(Caller caller, String formId, String subject, String purpose) {
        FormDefinition form = form(formId);
        guards.purpose(purpose);
        String subjectId = subject(form, subject);
        Map<String, ReadOutcome> answers = readAll(caller, form, subjectId, purpose);
        PrefillMerge.Reach reach = new PrefillMerge.Reach(caller.department(), absence.reachedWithoutRecord(caller, purpose, answers));
        List<FieldPrefill> fields = form.fields().stream().map(field -> merge.fill(field, answers, reach)).toList();
        FormPrefill.Summary summary = new FormPrefill.Summary(fields.size(), count(fields, FieldPrefill.PREFILLED),
                count(fields, FieldPrefill.CONFLICT), count(fields, FieldPrefill.WITHHELD), count(fields, FieldPrefill.MANUAL),
                count(fields, FieldPrefill.ABSENT));
        LOG.infof("prefill form=%s v%d dept=%s user=%s purpose=%s subject=%s prefilled=%d conflict=%d withheld=%d manual=%d",
                form.id(), form.version(), caller.department(), caller.userId(), purpose,
                SubjectIds.mask(SubjectType.parse(form.subjectType()), subjectId), summary.prefilled(), summary.conflict(),
                summary.withheld(), summary.manual());
        // a token limited to divisions writes back only for a subject it found within them: no seal otherwise
        boolean inReach = !caller.divisionLimited()
                || answers.values().stream().anyMatch(ReadOutcome.Served.class::isInstance);
        String token = inReach ? seal.sign(new FormSeal.Payload(form.id(), form.version(), subjectId, clock.instant(),
                PrefillMerge.locked(fields), issuedTo(caller), PrefillMerge.named(fields, null),
                PrefillMerge.named(fields, FieldPrefill.ABSENT))) : null;
        return new FormPrefill(form.id(), form.version(), form.title(), subjectId, purpose, fields, summary, token);
    }

    /** Whom a seal is issued to: the user and the department it acts for. */
    static String issuedTo(Caller caller) {
        return caller.department() + "/" + caller.userId();
    }

    /**
     * Reads every source dataset of the form at once. Each read is the full authorized read, which
     * waits until its audit event is committed; started together, the reads' events share one audit
     * transaction (the trail group-commits what is waiting), so a form over seven datasets costs
     * about one audited read instead of seven. The executor propagates the request context: every
     * event carries this request's id. The first unexpected failure (e.g. the audit trail being
     * unavailable) fails the prefill after all reads have finished.
     */
    private Map<String, ReadOutcome> readAll(Caller caller, FormDefinition form, String subjectId, String purpose) {
        Map<String, CompletableFuture<ReadOutcome>> pending = new LinkedHashMap<>();
        for (FormField field : form.fields()) {
            for (SourceRef source : field.readFrom()) {
                pending.computeIfAbsent(source.dataset(), id -> start(() -> reads.attempt(caller, id, subjectId, purpose)));
            }
        }
        Map<String, ReadOutcome> answers = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<ReadOutcome>> entry : pending.entrySet()) {
            try {
                answers.put(entry.getKey(), entry.getValue().join());
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
        return answers;
    }

    /** A source read on the pool; a full queue fails that read as busy (the whole prefill answers 503). */
    private CompletableFuture<ReadOutcome> start(java.util.function.Supplier<ReadOutcome> read) {
        try {
            return executor.supplyAsync(read);
        } catch (java.util.concurrent.RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new io.datarun.gateway.failure.Unavailable(
                    io.datarun.gateway.failure.Unavailable.Part.BUSY));
        }
    }

    private static int count(List<FieldPrefill> fields, String status) {
        return (int) fields.stream().filter(f -> f.status().equals(status)).count();
    }
}
