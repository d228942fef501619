package io.datarun.gateway.forms;

import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.gateway.reads.RecordView;
import io.datarun.schemas.catalog.DatasetDescriptor;
import java.util.ArrayList;
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
 * department may not read, with nothing else found, makes the field {@code withheld}; nothing at all
 * leaves it {@code manual}.
 */
public final class PrefillMerge {
    private final Function<String, DatasetDescriptor> datasets;

    /** {@code datasets} gives a source dataset's descriptor (owner, change-time field). */
    public PrefillMerge(Function<String, DatasetDescriptor> datasets) {
        this.datasets = datasets;
    }

    /** The field filled from the answers of its source datasets (keyed by dataset id). */
    public FieldPrefill fill(FormField field, Map<String, ReadOutcome> answers) {
        List<FieldPrefill.Source> found = new ArrayList<>();
        Set<String> withheldBy = new LinkedHashSet<>();
        for (SourceRef source : field.readFrom()) {
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
            Object updatedAt = dataset.updatedAtField().map(view.fields()::get).orElse(null);
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
