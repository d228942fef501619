package io.datarun.schemas.wire;

import java.util.List;

/**
 * Topic names are part of the contract between connectors and the gateway: one compacted topic
 * per dataset keyed by subject, one dead-letter topic per dataset, and the shared offsets topic
 * where connectors commit their source positions in the same transaction as their records.
 */
public final class Topics {
    public static final String PREFIX = "datarun.";
    /** Connector source positions, compacted, keyed by connector name. */
    public static final String CONNECTOR_OFFSETS = "datarun._connector-offsets";
    /**
     * The connector runtimes' coordination topic: nothing is written to it; its partitions are
     * slots for connectors and its consumer group is the runtimes' membership.
     */
    public static final String CONNECTOR_RUNTIMES = "datarun._connector-runtimes";
    /** One event per served read (dataset, subject, department, purpose, time; no values), keyed by dataset. */
    public static final String ACCESS_LOG = "datarun._access-log";

    /** Data disputes (数据异议), compacted, keyed by dispute id; the value is the dispute's current state. */
    public static final String DISPUTES = "datarun._disputes";

    /**
     * The audit trail: one event per read, push, dispute action and refusal, each chained to the
     * previous event of its writer by SHA-256; append-only, one partition, kept forever.
     */
    public static final String AUDIT = "datarun._audit";

    /**
     * The form-burden ledger: one event per accepted form submission (form, clerk, fields
     * prefilled and typed, keystrokes saved; no values), keyed by form id.
     */
    public static final String FORM_LEDGER = "datarun._form-ledger";

    /**
     * Grants managed through the API, compacted, keyed by grant id; the value is the grant's
     * current state as JSON, a tombstone when it is revoked. One partition, read whole by every
     * gateway replica.
     */
    public static final String GRANTS = "datarun._grants";

    /**
     * Dataset schema versions registered at runtime, compacted, keyed by {@code <dataset>/v<version>};
     * the value is the Avro schema with its {@code datarun.*} properties. One partition, written by the
     * gateway only, followed by every gateway replica and connector runtime (the shipped schemas are
     * the seed set on top of which it is applied).
     */
    public static final String SCHEMAS = "datarun._schemas";

    /**
     * Connector declarations sent by stewards through the connector runtime's API, compacted, keyed by
     * connector name; the value is the declaration's YAML with its department, who sent it and when
     * (and its secrets, encrypted), a tombstone when it is deleted. One partition, written and followed
     * by every connector runtime.
     */
    public static final String DECLARATIONS = "datarun._declarations";

    private Topics() {
    }

    /**
     * Every internal topic ({@code datarun._*}): shared state, never a dataset. The access plan
     * denies each one to the connector runtime unless it is one of the connectors' own.
     */
    public static List<String> internal() {
        return List.of(CONNECTOR_OFFSETS, CONNECTOR_RUNTIMES, ACCESS_LOG, DISPUTES, AUDIT, FORM_LEDGER, GRANTS, SCHEMAS,
                DECLARATIONS);
    }

    public static String records(String datasetId) {
        return PREFIX + datasetId;
    }

    /** The key of a schema version in {@link #SCHEMAS}. */
    public static String schemaKey(String datasetId, int version) {
        return datasetId + "/v" + version;
    }

    public static String deadLetters(String datasetId) {
        return PREFIX + datasetId + ".dlq";
    }
}
