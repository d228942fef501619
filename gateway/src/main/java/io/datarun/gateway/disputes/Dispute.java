package io.datarun.gateway.disputes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A data dispute (数据异议): a consumer says one field of one record is wrong; the owner's steward
 * corrects it (a new record version is published) or rejects the dispute with a reason.
 * {@code proposedValue} is the value the raising clerk says is right (optional, a value like any
 * other: hidden with the disputed value from whoever may not see the record's values).
 * {@code subjectDivision} is the disputed record's division when it was raised: what a token
 * limited to divisions is checked against (stored, never answered).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dispute(
        String id,
        String dataset,
        String owner,
        String subjectId,
        String field,
        String disputedValue,
        Instant disputedVersionUpdatedAt,
        String comment,
        String proposedValue,
        String raisedByDepartment,
        String raisedBy,
        Instant raisedAt,
        Status status,
        String resolution,
        String correctedValue,
        String resolvedBy,
        Instant resolvedAt,
        List<Reader> readers,
        String subjectDivision) {

    /** Where a dispute stands. */
    public enum Status { OPEN, CORRECTED, REJECTED }

    /** A department that read the disputed record while the disputed value was served. */
    public record Reader(String department, long reads, Instant lastRead) {
    }

    public Dispute resolved(Status outcome, String reason, String corrected, String by, Instant at) {
        return new Dispute(id, dataset, owner, subjectId, field, disputedValue, disputedVersionUpdatedAt, comment,
                proposedValue, raisedByDepartment, raisedBy, raisedAt, outcome, reason, corrected, by, at, null, subjectDivision);
    }

    public Dispute withReaders(List<Reader> value) {
        return new Dispute(id, dataset, owner, subjectId, field, disputedValue, disputedVersionUpdatedAt, comment,
                proposedValue, raisedByDepartment, raisedBy, raisedAt, status, resolution, correctedValue, resolvedBy, resolvedAt, value,
                subjectDivision);
    }

    /** The dispute as a caller who may not see the record's values reads it: no values, no division. */
    public Dispute withoutValues() {
        return new Dispute(id, dataset, owner, subjectId, field, null, disputedVersionUpdatedAt, comment,
                null, raisedByDepartment, raisedBy, raisedAt, status, resolution, null, resolvedBy, resolvedAt, readers, null);
    }

    /** The dispute as answered: the subject's division is kept for the decision, not shown. */
    public Dispute withoutDivision() {
        return new Dispute(id, dataset, owner, subjectId, field, disputedValue, disputedVersionUpdatedAt, comment,
                proposedValue, raisedByDepartment, raisedBy, raisedAt, status, resolution, correctedValue, resolvedBy, resolvedAt, readers,
                null);
    }
}
