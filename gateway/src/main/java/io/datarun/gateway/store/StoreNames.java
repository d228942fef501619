package io.datarun.gateway.store;

/** Names of the state stores the serving topology keeps per dataset. */
public final class StoreNames {
    /** Reads per dataset, keyed by dataset id. */
    public static final String USAGE = "usage";
    /**
     * Latest reads per "dataset|subject", for disputes, in {@code usage.SubjectReadLog}'s binary form
     * (JSON lists written before it are still read). The name is kept so its changelog carries over.
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

    /** Timestamp of the newest change per partition, keyed by dataset id. */
    public static String lastUpdates(String datasetId) {
        return "last-update." + datasetId;
    }
}
