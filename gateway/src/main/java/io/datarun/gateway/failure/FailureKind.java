package io.datarun.gateway.failure;

/**
 * What kind of failure a {@link DomainFailure} is. The domain says what went wrong; the web layer
 * alone decides how to answer it (one HTTP status per kind, mapped in one place).
 */
public enum FailureKind {
    /** The request itself is malformed or incomplete. */
    INVALID,
    /** The caller is known but not allowed to do this. */
    REFUSED,
    /** Nothing the caller may see exists there (absent and out of reach look the same). */
    NOT_FOUND,
    /** The request clashes with the current state. */
    CONFLICT,
    /** The caller's precondition no longer holds: what it read has changed since. */
    STALE,
    /** The request carries more than one request may. */
    TOO_LARGE,
    /** Well-formed, but its content breaks the rules (validation). */
    UNPROCESSABLE,
    /** The caller has used up a budget or quota; it renews later. */
    EXHAUSTED,
    /** A part the answer depends on is not available now; the caller may retry. */
    UNAVAILABLE
}
