package io.datarun.gateway.forms;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.failure.FormNotFound;
import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.gateway.reads.ReadTarget;
import io.datarun.gateway.reads.RecordReadService;
import io.datarun.gateway.reads.RecordView;
import io.datarun.gateway.store.RecordStore;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.wire.RecordCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Lists the household members of a form's subject (最低生活保障 is assessed per household). The
 * applicant's own record is read first, an authorized audited read: no grant, no household. The
 * members are found in the index of the dataset's household-number field ({@link HouseholdIndexes}:
 * one lookup per partition, and each other replica asked for its own; a scan of every record is left
 * only for a field without an index), and each member is then read through the same authorized read as
 * any record, so the grant's fields and divisions apply and each member read is in the audit trail and
 * in the member's own access trail. The applicant's and the members' audit events are committed
 * together, before anything is answered: one audit wait for the view.
 */
@ApplicationScoped
public class HouseholdService {
    private static final Logger LOG = Logger.getLogger(HouseholdService.class);
    /** More members than this are not listed: no household is that large, a bad household number is. */
    static final int MAX_MEMBERS = 30;

    private final PrefillService prefills;
    private final Guards guards;
    private final RecordReadService reads;
    private final RecordStore store;
    private final RecordCodec codec;

    public HouseholdService(PrefillService prefills, Guards guards, RecordReadService reads, RecordStore store,
            RecordCodec codec) {
        this.prefills = prefills;
        this.guards = guards;
        this.reads = reads;
        this.store = store;
        this.codec = codec;
    }

    public HouseholdView household(Caller caller, String formId, String subject, String purpose) {
        FormDefinition form = prefills.form(formId);
        FormDefinition.Household household = form.household()
                .orElseThrow(() -> new FormNotFound(formId + "/household"));
        guards.purpose(purpose);
        String subjectId = prefills.subject(form, subject);
        DatasetDescriptor dataset = guards.dataset(household.dataset());
        // the applicant's read decides who else is read; all of them committed to the audit trail at once
        boolean[] complete = {true};
        RecordReadService.FollowedRead read = reads.readThen(caller, dataset.id(), subjectId, purpose, applicant -> {
            Object number = applicant.fields().get(household.by());
            if (number == null) {
                return List.of();
            }
            RecordStore.Matches same = sameHousehold(dataset, household.by(), number.toString(), subjectId);
            complete[0] = same.complete();
            return same.subjects().stream().map(memberId -> new ReadTarget(dataset.id(), memberId)).toList();
        });
        Object number = read.first().fields().get(household.by());
        List<HouseholdView.Member> members = new ArrayList<>();
        read.then().forEach((member, outcome) -> {
            if (outcome instanceof ReadOutcome.Served served) {
                Map<String, Object> fields = new LinkedHashMap<>();
                household.fields().stream().filter(served.view().fields()::containsKey)
                        .forEach(f -> fields.put(f, served.view().fields().get(f)));
                members.add(new HouseholdView.Member(member.subjectId(), fields));
            }
        });
        LOG.infof("household form=%s dept=%s user=%s purpose=%s subject=%s members=%d complete=%s", form.id(),
                caller.department(), caller.userId(), purpose, SubjectIds.mask(dataset.subjectType(), subjectId),
                members.size(), complete[0]);
        return new HouseholdView(form.id(), subjectId, purpose, household.label(), dataset.id(), household.by(), number,
                labels(dataset, household.fields()), symbolLabels(dataset, household.fields()), members, complete[0]);
    }

    /** Subjects other than the applicant whose record has the same value in {@code by}, at most {@link #MAX_MEMBERS}. */
    private RecordStore.Matches sameHousehold(DatasetDescriptor dataset, String by, String number, String applicant) {
        return store.subjectsWith(dataset.id(), by, number, MAX_MEMBERS + 1)
                .map(found -> new RecordStore.Matches(found.subjects().stream().filter(s -> !s.equals(applicant))
                        .limit(MAX_MEMBERS).toList(), found.complete()))
                .orElseGet(() -> new RecordStore.Matches(scanned(dataset, by, number, applicant),
                        store.allPartitionsLocal(dataset.id())));
    }

    /** {@link #sameHousehold} by decoding every record this replica holds: for a field without an index. */
    private List<String> scanned(DatasetDescriptor dataset, String by, String number, String applicant) {
        LOG.warnf("household lookup scans every record dataset=%s field=%s (the field is not indexed)", dataset.id(), by);
        List<String> found = new ArrayList<>();
        store.scanLocal(dataset.id(), (key, bytes) -> {
            if (found.size() < MAX_MEMBERS && !key.equals(applicant)) {
                Object value = codec.decode(dataset.id(), bytes).get(by);
                if (value != null && number.equals(value.toString())) {
                    found.add(key);
                }
            }
        });
        found.sort(null); // partitions are scanned one after the other: the clerk sees one order every time
        return found;
    }

    private static Map<String, Map<String, Map<String, String>>> symbolLabels(DatasetDescriptor dataset, List<String> fields) {
        Map<String, Map<String, Map<String, String>>> labels = new LinkedHashMap<>();
        for (String name : fields) {
            dataset.field(name).map(FieldDescriptor::symbolLabels).filter(l -> !l.isEmpty()).ifPresent(l -> labels.put(name, l));
        }
        return labels;
    }

    private static Map<String, Map<String, String>> labels(DatasetDescriptor dataset, List<String> fields) {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String name : fields) {
            dataset.field(name).map(FieldDescriptor::labels).ifPresent(label -> labels.put(name, label));
        }
        return labels;
    }
}
