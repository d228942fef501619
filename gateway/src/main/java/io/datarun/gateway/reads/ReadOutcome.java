package io.datarun.gateway.reads;

import io.datarun.gateway.failure.NoGrant;
import io.datarun.gateway.failure.RecordNotFound;

/**
 * How one authorized read of one dataset ended, for callers that combine several reads (a subject
 * across datasets, a form's prefill) and treat "no grant" and "nothing there" as answers, not errors.
 * Every other failure (no purpose, stores or audit unavailable) is still thrown: it fails the whole
 * combined read.
 */
public sealed interface ReadOutcome {

    /** The record, cut down to the granted fields. */
    record Served(RecordView view) implements ReadOutcome {
    }

    /** The caller's department holds no grant for the dataset and purpose. */
    record Refused(NoGrant reason) implements ReadOutcome {
    }

    /** No record of the subject the caller may see. */
    record NotFound(RecordNotFound reason) implements ReadOutcome {
    }
}
