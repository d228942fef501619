package io.datarun.gateway.forms;

import java.util.Map;

/**
 * What a clerk sends: the subject and purpose of the prefill, its seal, and the value of each field
 * (locked fields may be left out or sent unchanged; a conflicting field keeps one of its sources' values);
 * {@code corrections} gives the reason for each changed value the clerk's own department published earlier.
 */
public record FormSubmission(String subject, String purpose, String seal, Map<String, Object> values,
        Map<String, String> corrections) {

    /** A submission correcting nothing. */
    public FormSubmission(String subject, String purpose, String seal, Map<String, Object> values) {
        this(subject, purpose, seal, values, null);
    }
}
