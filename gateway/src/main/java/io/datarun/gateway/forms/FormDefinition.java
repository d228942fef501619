package io.datarun.gateway.forms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned form definition as loaded from its YAML file. {@code household}, when present, lists the
 * subject's household members on the form (the allowance is assessed per household).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record FormDefinition(String id, int version, Map<String, String> title, String purpose,
        String subjectType, List<FormField> fields, @JsonIgnore String origin, Optional<Household> household) {

    /** A form without a household list. */
    public FormDefinition(String id, int version, Map<String, String> title, String purpose, String subjectType,
            List<FormField> fields, String origin) {
        this(id, version, title, purpose, subjectType, fields, origin, Optional.empty());
    }

    /**
     * Who belongs to the subject's household: the records of {@code dataset} whose {@code by} field holds
     * the subject's own value there (the same household number), each shown with {@code fields} as far as
     * the clerk's grant allows.
     */
    public record Household(Map<String, String> label, String dataset, String by, List<String> fields) {
    }

    public Optional<FormField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
