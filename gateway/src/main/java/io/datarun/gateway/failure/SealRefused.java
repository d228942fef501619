package io.datarun.gateway.failure;

import java.util.List;

/** A form submission whose seal does not prove the prefilled values: missing or altered, for another form or subject, or too old. */
public final class SealRefused extends DomainFailure {

    /** Why the seal is refused, each with its stable code. */
    public enum Reason {
        INVALID("seal-invalid"), MISMATCH("seal-mismatch"), EXPIRED("seal-expired");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public SealRefused(Reason reason, String detail) {
        super(FailureKind.UNPROCESSABLE, reason.code(), detail, List.of(new FieldError("seal", reason.code(), detail)));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
