package io.datarun.gateway.forms;

import java.time.Instant;

/**
 * One accepted submission in the form-burden ledger: which form, which clerk, how many fields came
 * prefilled and how many were typed, and the keystrokes the prefill saved (characters of the
 * prefilled values). No subject and no values: the ledger measures burden, not people.
 */
public record FormLedgerEvent(String form, int version, String department, String clerk, int fields,
        int prefilled, int typed, long keystrokesSaved, Instant at) {

    /** The ledger's aggregation key: one row per form and clerk. */
    public String key() {
        return form + "|" + department + "/" + clerk;
    }
}
