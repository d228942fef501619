package io.datarun.gateway.forms;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A versioned form definition as loaded from its YAML file. */
public record FormDefinition(String id, int version, Map<String, String> title, String purpose,
        String subjectType, List<FormField> fields, @JsonIgnore String origin) {

    public Optional<FormField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
