package io.datarun.gateway.forms;

import java.util.Map;

/** A form in the list: id, version, title, and how many of its fields a feed can fill. */
public record FormSummary(String id, int version, Map<String, String> title, String purpose, int fields,
        int sourcedFields, int manualFields) {

    public static FormSummary of(FormDefinition form) {
        int sourced = (int) form.fields().stream().filter(f -> !f.sources().isEmpty()).count();
        int manual = (int) form.fields().stream().filter(f -> f.manual().isPresent()).count();
        return new FormSummary(form.id(), form.version(), form.title(), form.purpose(), form.fields().size(), sourced, manual);
    }
}
