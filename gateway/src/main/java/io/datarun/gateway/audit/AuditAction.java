package io.datarun.gateway.audit;

/** What an audit event records; {@link #wire()} is the name stored in the event and queried by auditors. */
public enum AuditAction {
    READ("read"),
    CHANGES("changes"),
    CHANGE_READ("change-read"),
    PUSH("push"),
    /** A record deleted through the API (a tombstone): by its owner's publisher, e.g. on an erasure request. */
    DELETE("delete"),
    /** A dataset registered at runtime by its owner's steward. */
    DATASET_REGISTER("dataset-register"),
    /** A new schema version of a dataset, registered at runtime by its owner's steward. */
    SCHEMA_VERSION("schema-version"),
    FORM_SUBMISSION("form-submission"),
    DISPUTE_RAISE("dispute-raise"),
    DISPUTE_RESOLVE("dispute-resolve"),
    /** Disputes listed or read: one event per dispute shown, naming its subject. */
    DISPUTE_READ("dispute-read"),
    DEAD_LETTERS("dead-letters"),
    GRANT_CREATE("grant-create"),
    GRANT_CHANGE("grant-change"),
    GRANT_REVOKE("grant-revoke"),
    /** An operator signed a grant the topic held without a MAC ({@code ./datarun grants sign}). */
    GRANT_SIGN("grant-sign"),
    AUDIT_QUERY("audit-query"),
    AUDIT_VERIFY("audit-verify"),
    /** A resident looked at who read their data. */
    ACCESS_TRAIL("access-trail"),
    /** A peer replica read a record this replica hosts, for a request that replica authorized and audited. */
    REPLICA_READ("replica-read"),
    /**
     * An operator accepted a restored audit trail as the chain's new anchor (after a restore from a
     * backup): the event names the restored head, the anchor it replaces and the operator's reason.
     */
    AUDIT_REANCHOR("audit-reanchor"),
    /** A request refused before any operation ran (no or bad token, a role the endpoint does not take). */
    REQUEST("request"),
    /** Refusals counted but not recorded one by one, because too many were waiting. */
    REFUSALS_DROPPED("refusals-dropped");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
