package io.datarun.gateway.audit;

import io.datarun.gateway.failure.DomainFailure;
import io.datarun.gateway.failure.FailureKind;
import io.datarun.gateway.failure.RecordNotFound;
import java.util.Locale;

/**
 * How an audited operation ended, as stored in its event: {@code ok}, {@code not-found},
 * {@code refused-<failure code>} (e.g. {@code refused-no-grant}), {@code failed-<failure code>}, or
 * an operation's own result ({@code accepted}, {@code rejected}, {@code corrected}, ...).
 */
public record AuditOutcome(Result result, String code) {

    /** The kinds of ending; {@code code} names the failure for {@link #REFUSED} and {@link #FAILED}. */
    public enum Result {
        OK, OK_DELETED, NOT_FOUND, REFUSED, FAILED, ACCEPTED, REJECTED, CORRECTED, BROKEN, DROPPED
    }

    public static final AuditOutcome OK = new AuditOutcome(Result.OK, null);
    public static final AuditOutcome OK_DELETED = new AuditOutcome(Result.OK_DELETED, null);
    public static final AuditOutcome NOT_FOUND = new AuditOutcome(Result.NOT_FOUND, null);
    public static final AuditOutcome ACCEPTED = new AuditOutcome(Result.ACCEPTED, null);
    public static final AuditOutcome REJECTED = new AuditOutcome(Result.REJECTED, null);
    public static final AuditOutcome CORRECTED = new AuditOutcome(Result.CORRECTED, null);
    public static final AuditOutcome BROKEN = new AuditOutcome(Result.BROKEN, null);
    public static final AuditOutcome DROPPED = new AuditOutcome(Result.DROPPED, null);

    public static AuditOutcome refused(String code) {
        return new AuditOutcome(Result.REFUSED, code);
    }

    /** The outcome of an operation that ended in {@code failure}. */
    public static AuditOutcome of(RuntimeException failure) {
        if (failure instanceof RecordNotFound) {
            return NOT_FOUND;
        }
        if (failure instanceof DomainFailure domain) {
            return new AuditOutcome(domain.kind() == FailureKind.UNAVAILABLE ? Result.FAILED : Result.REFUSED, domain.code());
        }
        return new AuditOutcome(Result.FAILED, "internal-error");
    }

    /** The name stored in the event. */
    public String wire() {
        String name = result.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return code == null ? name : name + "-" + code;
    }
}
