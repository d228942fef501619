package io.datarun.gateway.forms;

import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.LockedFieldChanged;
import io.datarun.gateway.failure.SealRefused;
import io.datarun.gateway.failure.ValidationFailed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a submitted form against the seal of its prefill, with no I/O: the seal is authentic,
 * issued for this form version and subject, not older than {@link #SEAL_LIFETIME}, and no locked
 * value was altered (a conflict's value must be one of its sources' values). A wrong prefilled value
 * from another department is disputed at its source, never edited on the form; one the clerk's own
 * department published is corrected with a reason.
 */
public final class SealCheck {
    /** A prefill older than this must be fetched again before submitting. */
    public static final Duration SEAL_LIFETIME = Duration.ofHours(24);
    /** Code of a corrected field sent without its reason. */
    public static final String CORRECTION_REASON_REQUIRED = "correction-reason-required";
    /** A correction's reason is a sentence for the audit trail, not a document. */
    public static final int MAX_REASON = 500;

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
        requireLockedUnchanged(form, sealed, values, Map.of());
    }

    /**
     * Refuses a submission that changes a locked value, except a correction: a value the clerk's own
     * department published earlier ({@link FormSeal.Payload#correctable()}), changed with a reason in
     * {@code corrections}. Nothing may be typed into a field whose source has no record (absent).
     * Answers the corrected fields, whose new values are then checked and published like typed ones.
     */
    public static Set<String> requireLockedUnchanged(FormDefinition form, FormSeal.Payload sealed, Map<String, Object> values,
            Map<String, String> corrections) {
        List<FieldError> changed = new ArrayList<>();
        List<FieldError> reasons = new ArrayList<>();
        Set<String> corrected = new LinkedHashSet<>();
        sealed.locked().forEach((name, locked) -> {
            if (!values.containsKey(name) || keptValue(locked, values.get(name)).isPresent()) {
                return;
            }
            if (sealed.correctable().contains(name) && !FormValues.blank(values.get(name))) {
                String reason = corrections.get(name);
                if (reason == null || reason.isBlank()) {
                    reasons.add(new FieldError(name, CORRECTION_REASON_REQUIRED,
                            "was published by your department; a correction states its reason"));
                } else if (reason.length() > MAX_REASON) {
                    reasons.add(new FieldError(name, "too-long", "the correction's reason must be at most " + MAX_REASON
                            + " characters"));
                } else {
                    corrected.add(name);
                }
                return;
            }
            changed.add(new FieldError(name, LockedFieldChanged.CODE, FormSeal.isConflict(locked)
                    ? "must be one of the values its sources hold: " + locked
                    : "was prefilled as '" + locked + "' and is locked"));
        });
        for (String name : sealed.absent()) {
            if (!FormValues.blank(values.get(name))) {
                changed.add(new FieldError(name, LockedFieldChanged.CODE,
                        "its source holds no record of this subject, which is an answer; nothing is typed here"));
            }
        }
        if (!changed.isEmpty()) {
            throw new LockedFieldChanged("Field(s) " + changed.stream().map(FieldError::field).toList() + " of form "
                    + form.id() + " came from another department's records and are locked. If a value is wrong, do not "
                    + "change it here: file a dispute with POST /api/v1/disputes {dataset, subjectId, field, comment, "
                    + "proposedValue, purpose} so the owner department corrects it at the source, then submit the form "
                    + "with the prefilled value.", changed);
        }
        if (!reasons.isEmpty()) {
            throw new ValidationFailed("A value your department published earlier may be corrected here, with a reason "
                    + "for each corrected field in 'corrections'; nothing was published.", reasons);
        }
        return corrected;
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
