package io.datarun.gateway.forms;

import java.util.List;

/** The answer to an accepted submission: what was published where, and what the prefill spared the clerk. */
public record SubmissionResult(String form, int version, String subject, int fields, int prefilled, int typed,
        long keystrokesSaved, List<Published> published, List<String> corrected) {

    /** One record of the clerk's department published from the typed fields. */
    public record Published(String dataset, String recordId, List<String> fields) {
    }
}
