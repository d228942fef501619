package io.datarun.gateway.intake;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidParameter;
import io.datarun.gateway.failure.NotOwner;
import io.datarun.gateway.failure.RecordNotFound;
import io.datarun.gateway.store.RecordStore;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.SubjectIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Deletes one subject's record on behalf of the owner department's publisher (a resident died,
 * left the roll, or asked for erasure): a tombstone in the dataset topic, so the record leaves
 * every serving store, the prefill and the counts, and the change feed shows the deletion. Every
 * attempt, refused or done, is in the audit trail with its reason.
 */
@ApplicationScoped
public class RecordDeletion {
    /** A reason is a reference, not prose: it goes into logs and the audit trail as it is. */
    static final Pattern REASON = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$");
    private static final Logger LOG = Logger.getLogger(RecordDeletion.class);

    private final Guards guards;
    private final PushPublisher publisher;
    private final RecordStore store;
    private final AuditedOperation audited;
    private final Duration settle;

    public RecordDeletion(Guards guards, PushPublisher publisher, RecordStore store, AuditedOperation audited,
            GatewayConfig config) {
        this.guards = guards;
        this.publisher = publisher;
        this.store = store;
        this.audited = audited;
        this.settle = config.answerTimeout();
    }

    /** Deletes the record; answers only once the tombstone is committed (and, normally, served). */
    public void delete(Caller caller, String datasetId, String subjectId, String reason) {
        audited.run(caller, AuditAction.DELETE, AuditTarget.of(datasetId, subjectId, null).withDetail("reason=" + reason),
                () -> deleteChecked(caller, datasetId, subjectId, reason),
                id -> AuditEntry.of(caller, AuditAction.DELETE, datasetId, subjectId, List.of(), null,
                        AuditOutcome.OK_DELETED, "reason=" + reason + " tombstone=" + id));
    }

    private String deleteChecked(Caller caller, String datasetId, String subjectId, String reason) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        if (!dataset.owner().equals(caller.department())) {
            throw new NotOwner("Only publishers of '" + dataset.owner() + "' may delete records of " + datasetId
                    + "; your department is '" + caller.department() + "'.");
        }
        if (reason != null && !REASON.matcher(reason).matches()) {
            throw new InvalidParameter("The reason is a reference such as 'erasure-request:EQ-2026-0042' or 'deceased'.",
                    new FieldError("reason", "reason.format", "letters, digits and . _ : / -, at most 100"));
        }
        guards.subject(dataset.subjectType(), subjectId, "subjectId");
        String subject = SubjectIds.normalize(dataset.subjectType(), subjectId);
        if (store.find(datasetId, subject).isEmpty()) {
            throw new RecordNotFound("No record of this subject in " + datasetId + " to delete.");
        }
        String id = publisher.delete(datasetId, subject, caller.department() + "/" + caller.userId(), reason);
        boolean served = awaitGone(datasetId, subject);
        LOG.infof("delete dataset=%s source=%s dept=%s user=%s subject=%s reason=%s tombstone=%s servedGone=%s",
                datasetId, publisher.sourceName(datasetId), caller.department(), caller.userId(),
                SubjectIds.mask(dataset.subjectType(), subject), reason, id, served);
        return id;
    }

    /**
     * Waits (bounded by the answer timeout) until the serving store has applied the tombstone, so a
     * read right after the 204 answers 404. The tombstone is committed either way; past the bound the
     * store catches up within its commit interval.
     */
    private boolean awaitGone(String datasetId, String subject) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            if (store.find(datasetId, subject).isEmpty()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
