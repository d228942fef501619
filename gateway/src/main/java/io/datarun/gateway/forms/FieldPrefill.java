package io.datarun.gateway.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One field of a prefilled form. {@code prefilled}: {@code value} from {@code source} (locked);
 * {@code conflict}: sources disagree, every {@code candidates} entry carries its value (the clerk
 * keeps one); {@code withheld}: a source exists that the clerk's department may not read for this
 * purpose, no value; {@code manual}: nothing known, the clerk types it ({@code writeBack} names
 * where it is published); {@code absent}: the clerk's grant reaches the subject and the source department
 * holds no record of it ({@code absentIn}), which the form names ({@code absentLabel}, 未在保) — known, so
 * locked and not typed. {@code correctable}: a prefilled value the clerk's own department published
 * earlier, which the clerk may correct with a reason (published as a new value through {@code writeBack});
 * other departments' values are locked and disputed instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldPrefill(String name, Map<String, String> label, String type, String status, Object value,
        Source source, List<Source> candidates, List<String> withheldBy, String writeBack, Boolean correctable,
        List<String> absentIn, Map<String, String> absentLabel) {

    /** A field that is neither correctable nor absent. */
    public FieldPrefill(String name, Map<String, String> label, String type, String status, Object value, Source source,
            List<Source> candidates, List<String> withheldBy, String writeBack) {
        this(name, label, type, status, value, source, candidates, withheldBy, writeBack, null, null, null);
    }

    public static final String PREFILLED = "prefilled";
    public static final String CONFLICT = "conflict";
    public static final String WITHHELD = "withheld";
    public static final String MANUAL = "manual";
    public static final String ABSENT = "absent";

    /**
     * Where a value came from: the owner department, dataset, field, the value and its change time.
     * {@code fallbackFor} names the field the form prefers, when this record did not hold it (or the
     * clerk may not see it) and {@code field} stood in: an older record with the amount only as a
     * {@code double}, its value then put at the exact field's scale ({@code 980.10}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String department, String dataset, String field, Object value, String updatedAt,
            String fallbackFor) {

        /** A value from the field the form prefers. */
        public Source(String department, String dataset, String field, Object value, String updatedAt) {
            this(department, dataset, field, value, updatedAt, null);
        }
    }
}
