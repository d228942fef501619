package io.datarun.gateway.store;

/** Names of the state stores the serving topology keeps per dataset. */
public final class StoreNames {
    /** Reads per dataset, keyed by dataset id. */
    public static final String USAGE = "usage";
    /**
     * Every read of a subject's record, keyed "dataset|subject" at the read's time (a window store of
     * {@code usage.SubjectReadLog} entries, kept {@code datarun.gateway.reads-kept-for}): whom disputes name.
     */
    public static final String SUBJECT_READ_TIMES = "subject-read-times";
    /**
     * The latest 200 reads per "dataset|subject" as gateways before {@link #SUBJECT_READ_TIMES} kept
     * them, one log per record: no longer written, still restored and read for disputes. The name is
     * kept so its changelog carries over.
     */
    public static final String SUBJECT_READS = "subject-reads";
    /** Every data dispute by id (a global store). */
    public static final String DISPUTES = "disputes";
    /** Latest committed position and counts of every intake source, keyed by source name. */
    public static final String SOURCES = "sources";
    /** Form-burden totals per "form|department/clerk", folded from the form ledger. */
    public static final String FORM_BURDEN = "form-burden";

    private StoreNames() {
    }

    /** Latest record bytes per subject, materialized straight from the dataset topic. */
    public static String records(String datasetId) {
        return "records." + datasetId;
    }

    /** Number of live subjects of the dataset, keyed by dataset id. */
    public static String counts(String datasetId) {
        return "counts." + datasetId;
    }

    /** The subjects of a dataset by the value of one of its fields ({@link FieldIndex}), partitioned as its records. */
    public static String fieldIndex(String datasetId, String field) {
        return "index." + datasetId + "." + field;
    }

    /** Timestamp of the newest change per partition, keyed by dataset id. */
    public static String lastUpdates(String datasetId) {
        return "last-update." + datasetId;
    }
}
