package io.datarun.gateway.audit;

/** What an audited operation is about, as far as it is known before it runs: the refusal event names it. */
public record AuditTarget(String dataset, String subjectId, String purpose, String detail) {

    public static AuditTarget of(String dataset, String subjectId, String purpose) {
        return new AuditTarget(dataset, subjectId, purpose, null);
    }

    public static AuditTarget dataset(String dataset) {
        return new AuditTarget(dataset, null, null, null);
    }

    public AuditTarget withDetail(String newDetail) {
        return new AuditTarget(dataset, subjectId, purpose, newDetail);
    }
}
