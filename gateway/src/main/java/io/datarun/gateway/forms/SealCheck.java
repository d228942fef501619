package io.datarun.gateway.forms;

import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.LockedFieldChanged;
import io.datarun.gateway.failure.SealRefused;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a submitted form against the seal of its prefill, with no I/O: the seal is authentic,
 * issued for this form version and subject, not older than {@link #SEAL_LIFETIME}, and no locked
 * value was altered (a conflict's value must be one of its sources' values). A wrong prefilled value
 * is disputed at its source, never edited on the form.
 */
public final class SealCheck {
    /** A prefill older than this must be fetched again before submitting. */
    public static final Duration SEAL_LIFETIME = Duration.ofHours(24);

    private final FormSeal seal;
    private final Clock clock;

    public SealCheck(FormSeal seal, Clock clock) {
        this.seal = seal;
        this.clock = clock;
    }

    /** The seal's payload, if it vouches for this form and subject and is fresh. */
    public FormSeal.Payload verify(FormDefinition form, String subject, String token) {
        FormSeal.Payload payload;
        try {
            payload = seal.verify(token);
        } catch (IllegalArgumentException e) {
            throw new SealRefused(SealRefused.Reason.INVALID, "The seal is missing or was altered; fetch the prefill again "
                    + "(GET /api/v1/forms/" + form.id() + "/prefill) and submit with its seal.");
        }
        if (!payload.form().equals(form.id()) || payload.version() != form.version() || !payload.subject().equals(subject)) {
            throw new SealRefused(SealRefused.Reason.MISMATCH, "The seal was issued for form " + payload.form() + " v"
                    + payload.version() + " and another subject; fetch the prefill of this form and subject again.");
        }
        if (payload.issuedAt().plus(SEAL_LIFETIME).isBefore(clock.instant())) {
            throw new SealRefused(SealRefused.Reason.EXPIRED, "The prefill is older than " + SEAL_LIFETIME.toHours()
                    + " hours; fetch it again so the locked values are current.");
        }
        return payload;
    }

    /** Refuses a seal issued to another user than the one submitting ({@code department/user}). */
    public static void requireIssuedTo(FormSeal.Payload payload, String submitter) {
        if (!submitter.equals(payload.issuedTo())) {
            throw new SealRefused(SealRefused.Reason.MISMATCH, "The seal was issued to another user; fetch the prefill "
                    + "of this form yourself and submit with its seal.");
        }
    }

    /** Refuses a submission that changes a locked value; leaving a locked field out keeps it as prefilled. */
    public static void requireLockedUnchanged(FormDefinition form, FormSeal.Payload sealed, Map<String, Object> values) {
        List<FieldError> changed = new ArrayList<>();
        sealed.locked().forEach((name, locked) -> {
            if (!values.containsKey(name)) {
                return;
            }
            if (keptValue(locked, values.get(name)).isEmpty()) {
                changed.add(new FieldError(name, LockedFieldChanged.CODE, FormSeal.isConflict(locked)
                        ? "must be one of the values its sources hold: " + locked
                        : "was prefilled as '" + locked + "' and is locked"));
            }
        });
        if (!changed.isEmpty()) {
            throw new LockedFieldChanged("Field(s) " + changed.stream().map(FieldError::field).toList() + " of form "
                    + form.id() + " came from a department's records and are locked. If a value is wrong, do not change it "
                    + "here: file a dispute with POST /api/v1/disputes {dataset, subjectId, field, comment, purpose} so the "
                    + "owner department corrects it at the source, then submit the form with the prefilled value.", changed);
        }
    }

    /** The locked value the submission keeps: the prefilled one, or the chosen one of a conflict; empty if altered. */
    public static Optional<Object> keptValue(Object locked, Object submitted) {
        if (FormSeal.isConflict(locked)) {
            if (submitted == null) {
                return Optional.empty();
            }
            return ((List<?>) locked).stream().filter(v -> FormValues.same(v, submitted)).map(v -> (Object) v).findFirst();
        }
        return submitted == null || FormValues.same(locked, submitted) ? Optional.of(locked) : Optional.empty();
    }
}
