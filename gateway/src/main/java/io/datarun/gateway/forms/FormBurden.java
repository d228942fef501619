package io.datarun.gateway.forms;

import java.time.Instant;

/** The form-burden ledger's running totals for one form and clerk, folded from {@link FormLedgerEvent}s. */
public record FormBurden(String form, String department, String clerk, long submissions, long fields,
        long prefilled, long typed, long keystrokesSaved, Instant lastSubmittedAt) {

    public static final FormBurden NONE = new FormBurden(null, null, null, 0, 0, 0, 0, 0, null);

    public FormBurden plus(FormLedgerEvent event) {
        return new FormBurden(event.form(), event.department(), event.clerk(), submissions + 1, fields + event.fields(),
                prefilled + event.prefilled(), typed + event.typed(), keystrokesSaved + event.keystrokesSaved(),
                lastSubmittedAt == null || event.at().isAfter(lastSubmittedAt) ? event.at() : lastSubmittedAt);
    }

    /** Share of the submitted fields that came prefilled, 0..1. */
    public double prefilledShare() {
        return fields == 0 ? 0 : (double) prefilled / fields;
    }
}
