package io.datarun.gateway.forms;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.failure.FormNotFound;
import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.gateway.reads.RecordReadService;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.SubjectIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Fills a form for one subject. Every source dataset is read through {@link RecordReadService}, the
 * same authorized, audited read as {@code GET /records}: what the clerk's department may not see for
 * the purpose is {@code withheld}, never shown, and every read counts in the usage report.
 */
@ApplicationScoped
public class PrefillService {
    private static final Logger LOG = Logger.getLogger(PrefillService.class);

    private final FormCatalog forms;
    private final Guards guards;
    private final RecordReadService reads;
    private final PrefillMerge merge;
    private final FormSeal seal;
    private final Clock clock;
    private final Absence absence;

    public PrefillService(FormCatalog forms, Guards guards, RecordReadService reads, FormSeal seal, Clock clock,
            AccessPolicy policy) {
        this.absence = new Absence(guards::dataset, policy, clock);
        this.forms = forms;
        this.guards = guards;
        this.reads = reads;
        this.merge = new PrefillMerge(guards::dataset);
        this.seal = seal;
        this.clock = clock;
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
     * Reads every source dataset of the form, each the full authorized read, their audit events
     * committed together in one transaction before the prefill is answered
     * ({@link RecordReadService#attemptAll}): a form over seven datasets costs one audit wait, as one
     * read does. The first unexpected failure (e.g. the audit trail being unavailable) fails the prefill.
     */
    private Map<String, ReadOutcome> readAll(Caller caller, FormDefinition form, String subjectId, String purpose) {
        Set<String> datasets = new LinkedHashSet<>();
        for (FormField field : form.fields()) {
            for (SourceRef source : field.readFrom()) {
                datasets.add(source.dataset());
            }
        }
        return reads.attemptAll(caller, datasets, subjectId, purpose);
    }

    private static int count(List<FieldPrefill> fields, String status) {
        return (int) fields.stream().filter(f -> f.status().equals(status)).count();
    }
}
