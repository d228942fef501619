package io.datarun.schemas.validation;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks typed field values against the constraints their schema declares
 * ({@code "datarun.constraint"}): required fields, Chinese identifiers, and the cross-checks that
 * catch fabricated records (a birth date or gender that disagrees with the ID number).
 */
public final class RecordValidator {
    private final Supplier<LocalDate> today;

    public RecordValidator(Supplier<LocalDate> today) {
        this.today = today;
    }

    /** Today from the system clock, asked at most once a second (the door checks every record's birth date against it). */
    public RecordValidator() {
        this(new Today());
    }

    /** {@code LocalDate.now()}, kept for a second: a first load validates tens of thousands of records a second. */
    private static final class Today implements Supplier<LocalDate> {
        private volatile LocalDate date = LocalDate.now();
        private volatile long until = System.nanoTime() + 1_000_000_000L;

        @Override
        public LocalDate get() {
            long now = System.nanoTime();
            if (now - until > 0) {
                date = LocalDate.now();
                until = now + 1_000_000_000L;
            }
            return date;
        }
    }

    public List<Violation> validate(DatasetDescriptor dataset, Map<String, Object> values) {
        // plain loops and branches: every record of every connector and push passes here
        List<Violation> violations = new ArrayList<>();
        for (FieldDescriptor field : dataset.fields()) {
            Object value = values.get(field.name());
            if (value == null) {
                if (field.required()) {
                    violations.add(Violation.of(field.name(), "required"));
                }
                continue;
            }
            if (field.constraint().isPresent()) {
                Optional<String> problem = check(field.constraint().get(), value, values);
                if (problem.isPresent()) {
                    violations.add(Violation.of(field.name(), problem.get()));
                }
            }
        }
        return violations;
    }

    private Optional<String> check(String constraint, Object value, Map<String, Object> values) {
        int colon = constraint.indexOf(':');
        String rule = colon < 0 ? constraint : constraint.substring(0, colon);
        String other = colon < 0 ? null : constraint.substring(colon + 1);
        return switch (rule) {
            case "not-blank" -> value.toString().isBlank() ? Optional.of("not-blank") : Optional.empty();
            case "resident-id" -> ResidentIdNumber.problem(value.toString(), today.get());
            case "division-code" -> DivisionCode.problem(value.toString());
            case "credit-code" -> UnifiedSocialCreditCode.problem(value.toString());
            case "mobile" -> MobileNumber.problem(value.toString());
            case "postal-code" -> PostalCode.problem(value.toString());
            case "disability-grade" -> disabilityGrade(value);
            case "birth-date-of" -> birthDateAgrees(value, values.get(other));
            case "gender-of" -> genderAgrees(value, values.get(other));
            default -> throw new IllegalStateException("unknown constraint '" + constraint
                    + "': the schema names a rule RecordValidator does not know");
        };
    }

    /** GB/T 26341: disability grades run from 1 (most severe) to 4. */
    private static Optional<String> disabilityGrade(Object value) {
        return value instanceof Number grade && grade.longValue() >= 1 && grade.longValue() <= 4
                && grade.doubleValue() == grade.longValue()
                ? Optional.empty() : Optional.of("disability-grade.range");
    }

    private static Optional<String> birthDateAgrees(Object birthDate, Object residentId) {
        if (residentId == null) {
            return Optional.empty();
        }
        return ResidentIdNumber.parseBirthDate(residentId.toString())
                .filter(encoded -> !encoded.equals(birthDate))
                .map(encoded -> "birth-date.mismatch");
    }

    private static Optional<String> genderAgrees(Object gender, Object residentId) {
        if (residentId == null || "UNKNOWN".equals(gender.toString())) {
            return Optional.empty();
        }
        return ResidentIdNumber.isMale(residentId.toString())
                .filter(male -> male != "MALE".equals(gender.toString()))
                .map(male -> "gender.mismatch");
    }

    /** Constraint names a schema may use; SchemaRegistryTest checks every schema against it. */
    public static boolean knows(String constraint) {
        String rule = constraint.contains(":") ? constraint.substring(0, constraint.indexOf(':')) : constraint;
        return List.of("not-blank", "resident-id", "division-code", "credit-code", "mobile", "postal-code",
                "disability-grade", "birth-date-of", "gender-of").contains(rule);
    }
}
