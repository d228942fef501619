package io.datarun.gateway.forms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One field of a prefilled form. {@code prefilled}: {@code value} from {@code source} (locked);
 * {@code conflict}: sources disagree, every {@code candidates} entry carries its value (the clerk
 * keeps one); {@code withheld}: a source exists that the clerk's department may not read for this
 * purpose, no value; {@code manual}: nothing known, the clerk types it ({@code writeBack} names
 * where it is published).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldPrefill(String name, Map<String, String> label, String type, String status, Object value,
        Source source, List<Source> candidates, List<String> withheldBy, String writeBack) {

    public static final String PREFILLED = "prefilled";
    public static final String CONFLICT = "conflict";
    public static final String WITHHELD = "withheld";
    public static final String MANUAL = "manual";

    /** Where a value came from: the owner department, dataset, field, the value and its change time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String department, String dataset, String field, Object value, String updatedAt) {
    }
}
