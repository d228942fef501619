package io.datarun.schemas.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mainland China mobile number: eleven digits, {@code 1}, then {@code 3}–{@code 9}, as the
 * numbering plan of the Ministry of Industry and Information Technology assigns them. No country
 * code, spaces or dashes: sources store the bare number.
 */
public final class MobileNumber {
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private MobileNumber() {
    }

    /** The outcome of checking a number: empty when valid, else the rule it breaks. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("mobile.missing");
        }
        return MOBILE.matcher(value).matches() ? Optional.empty() : Optional.of("mobile.format");
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }

    /** The form logs may show: the first three and last four digits ({@code 138****5678}). */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() == 11 ? value.substring(0, 3) + "****" + value.substring(7) : "*".repeat(value.length());
    }
}
