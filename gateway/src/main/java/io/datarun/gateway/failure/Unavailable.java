package io.datarun.gateway.failure;

/**
 * A part the answer depends on is not available now: the request is not answered (never half
 * answered) and the caller may retry.
 */
public final class Unavailable extends DomainFailure {

    /** What is unavailable, each with its stable code. */
    public enum Part {
        /** The audit trail could not record the request, so it is not answered. */
        AUDIT("audit-unavailable", "The audit trail could not record this request, so it is not answered; retry shortly."),
        /** The serving stores are moving partitions between replicas. */
        STORE_REBALANCING("store-rebalancing", "The serving stores are rebalancing; retry in a few seconds."),
        /** The serving stores have not started yet. */
        STORE_STARTING("store-starting", "The serving stores are starting; retry in a few seconds."),
        /** Kafka did not take or give what the request needs in time (a broker down, fewer in-sync replicas than required). */
        KAFKA("kafka-unavailable", "Kafka did not answer in time; nothing was changed. Retry shortly."),
        /** As many of this kind of request are running as one replica takes at once (a bound against exhaustion). */
        BUSY("busy", "Too many requests of this kind are running on this replica at once; retry shortly."),
        /** The replica holding the subject's partition did not answer. */
        REPLICA("replica-unavailable", "The replica holding this record did not answer; retry shortly.");

        private final String code;
        private final String detail;

        Part(String code, String detail) {
            this.code = code;
            this.detail = detail;
        }

        public String code() {
            return code;
        }
    }

    private final Part part;

    public Unavailable(Part part) {
        super(FailureKind.UNAVAILABLE, part.code, part.detail);
        this.part = part;
    }

    public Part part() {
        return part;
    }
}
