package io.datarun.schemas.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mainland China postal code (邮政编码): six digits, not starting with 9 (no postal zone uses it).
 * The finer allocation is China Post's and is not checked here.
 */
public final class PostalCode {
    private static final Pattern POSTAL = Pattern.compile("[0-8][0-9]{5}");

    private PostalCode() {
    }

    /** The outcome of checking a code: empty when valid, else the rule it breaks. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("postal-code.missing");
        }
        return POSTAL.matcher(value).matches() ? Optional.empty() : Optional.of("postal-code.format");
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }
}
