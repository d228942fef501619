package io.datarun.gateway.forms;

import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.gateway.reads.RecordView;
import io.datarun.schemas.catalog.DatasetDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges what a form's source datasets answered into its fields, with no I/O: per field, in the
 * form's order of sources, the values the clerk may see. One value (or several equal ones) is
 * {@code prefilled}; different values are a {@code conflict} the clerk resolves; a source the
 * department may not read, with nothing else found, makes the field {@code withheld}; no record where
 * the clerk's grant reaches the subject makes a field that names its absence {@code absent} (未在保);
 * nothing at all leaves it {@code manual}. A prefilled value that only the clerk's own department
 * holds, in a field written back there, is {@code correctable}. Several fields of one dataset are one
 * datum: its record answers with the first it holds (an exact decimal amount, else the older double,
 * put at the decimal's scale), and the source names the field it came from and the one it stood in for.
 */
public final class PrefillMerge {
    private final Function<String, DatasetDescriptor> datasets;

    /** {@code datasets} gives a source dataset's descriptor (owner, change-time field). */
    public PrefillMerge(Function<String, DatasetDescriptor> datasets) {
        this.datasets = datasets;
    }

    /** The field filled from the answers of its source datasets (keyed by dataset id), for no one in particular. */
    public FieldPrefill fill(FormField field, Map<String, ReadOutcome> answers) {
        return fill(field, answers, Reach.NONE);
    }

    /**
     * What the prefill knows about the clerk: the department ({@code null}: nothing is correctable) and,
     * per source dataset without a record of the subject, the fields the clerk's grant would have shown
     * had there been one (the grant reaches the subject: its division is known from a record the clerk
     * may see). Only there is "no record" an answer.
     */
    public record Reach(String department, Map<String, Set<String>> reachedWithoutRecord) {
        public static final Reach NONE = new Reach(null, Map.of());

        boolean absentFrom(SourceRef source) {
            return reachedWithoutRecord.getOrDefault(source.dataset(), Set.of()).contains(source.field());
        }
    }

    /** The field filled from the answers of its source datasets (keyed by dataset id) for the clerk {@code reach} describes. */
    public FieldPrefill fill(FormField field, Map<String, ReadOutcome> answers, Reach reach) {
        List<FieldPrefill.Source> found = new ArrayList<>();
        Set<String> withheldBy = new LinkedHashSet<>();
        // a dataset's record answers once: a later field of it is a fallback for records without the earlier one
        Map<String, SourceRef> preferred = new LinkedHashMap<>();
        Set<String> answered = new HashSet<>();
        for (SourceRef source : field.readFrom()) {
            SourceRef first = preferred.computeIfAbsent(source.dataset(), d -> source);
            if (answered.contains(source.dataset())) {
                continue;
            }
            ReadOutcome answer = answers.get(source.dataset());
            if (answer instanceof ReadOutcome.Refused) {
                withheldBy.add(source.dataset());
                continue;
            }
            if (!(answer instanceof ReadOutcome.Served served)) {
                continue; // no record there
            }
            RecordView view = served.view();
            if (view.withheld().contains(source.field())) {
                withheldBy.add(source.dataset());
                continue;
            }
            Object value = view.fields().get(source.field());
            if (FormValues.blank(value)) {
                continue;
            }
            DatasetDescriptor dataset = datasets.apply(source.dataset());
            answered.add(dataset.id());
            String fallbackFor = first.equals(source) ? null : first.field();
            if (fallbackFor != null) {
                value = Amounts.atScaleOf(dataset, fallbackFor, value);
            }
            Object updatedAt = dataset.updatedAtField().map(view.fields()::get).orElse(null);
            found.add(new FieldPrefill.Source(dataset.owner(), dataset.id(), source.field(), value,
                    updatedAt == null ? null : updatedAt.toString(), fallbackFor));
        }
        String writeBack = field.manual().map(SourceRef::toString).orElse(null);
        if (found.isEmpty() && withheldBy.isEmpty() && !field.whenAbsent().isEmpty()
                && field.sources().stream().allMatch(reach::absentFrom)) {
            return new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.ABSENT, null, null, null, null,
                    null, null, field.sources().stream().map(SourceRef::dataset).distinct().toList(), field.whenAbsent());
        }
        if (found.isEmpty()) {
            return withheldBy.isEmpty()
                    ? new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.MANUAL, null, null, null, null, writeBack)
                    : new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.WITHHELD, null, null, null,
                            List.copyOf(withheldBy), writeBack);
        }
        boolean agree = found.stream().allMatch(s -> FormValues.same(s.value(), found.get(0).value()));
        if (agree) {
            boolean correctable = correctable(field, found, reach.department());
            return new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.PREFILLED, found.get(0).value(),
                    found.get(0), found.size() > 1 ? List.copyOf(found) : null, null, correctable ? writeBack : null,
                    correctable ? Boolean.TRUE : null, null, null);
        }
        return new FieldPrefill(field.name(), field.label(), field.type(), FieldPrefill.CONFLICT, null, null,
                List.copyOf(found), null, null);
    }

    /**
     * A value the clerk's own department typed earlier: every source that holds it is the department's,
     * and the field writes back to a dataset of the department, so a correction has a path to publish.
     */
    private boolean correctable(FormField field, List<FieldPrefill.Source> found, String department) {
        return department != null
                && field.manual().filter(target -> datasets.apply(target.dataset()).owner().equals(department)).isPresent()
                && found.stream().allMatch(source -> department.equals(source.department()));
    }

    /** Names of the fields with {@code status}, or marked correctable ({@code status} null). */
    public static List<String> named(List<FieldPrefill> fields, String status) {
        return fields.stream()
                .filter(f -> status == null ? Boolean.TRUE.equals(f.correctable()) : f.status().equals(status))
                .map(FieldPrefill::name).toList();
    }

    /**
     * What the seal locks: a prefilled field's value, a conflicting field's candidate values (the
     * clerk keeps one of them); withheld and manual fields are not locked.
     */
    public static Map<String, Object> locked(List<FieldPrefill> fields) {
        Map<String, Object> locked = new LinkedHashMap<>();
        for (FieldPrefill field : fields) {
            if (field.status().equals(FieldPrefill.PREFILLED)) {
                locked.put(field.name(), field.value());
            } else if (field.status().equals(FieldPrefill.CONFLICT)) {
                locked.put(field.name(), field.candidates().stream().map(FieldPrefill.Source::value).toList());
            }
        }
        return locked;
    }
}
