package io.datarun.schemas.validation;

import io.datarun.schemas.catalog.SubjectType;
import java.util.Optional;

/**
 * How a subject identifier is checked, by subject type: a person by the GB 11643 resident ID
 * number, an enterprise by the GB 32100 unified social credit code, a household by a non-blank
 * household number. The API uses it for subject ids in paths, the intake door via each schema's
 * subject field constraint.
 */
public final class SubjectIds {
    private SubjectIds() {
    }

    /** Empty when {@code id} is a valid identifier for subjects of {@code type}, else the violation code. */
    public static Optional<String> problem(SubjectType type, String id) {
        return switch (type) {
            case PERSON -> ResidentIdNumber.problem(id);
            case ENTERPRISE -> UnifiedSocialCreditCode.problem(id);
            case HOUSEHOLD -> id == null || id.isBlank() ? Optional.of("not-blank") : Optional.empty();
        };
    }

    /** The identifier as it may appear in logs: resident ID numbers masked, others as they are. */
    public static String mask(SubjectType type, String id) {
        return type == SubjectType.PERSON ? ResidentIdNumber.mask(id) : id;
    }

    /** The identifier with the slips clerks' systems make undone (blanks, lower-case letters). */
    public static String normalize(SubjectType type, String id) {
        return switch (type) {
            case PERSON -> ResidentIdNumber.normalize(id);
            case ENTERPRISE -> UnifiedSocialCreditCode.normalize(id);
            case HOUSEHOLD -> id == null ? null : id.strip();
        };
    }
}
