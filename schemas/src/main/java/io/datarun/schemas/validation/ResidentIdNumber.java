package io.datarun.schemas.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The resident ID number of GB 11643-1999: a six-digit address code, the birth date as
 * {@code yyyyMMdd}, a three-digit sequence (odd for men, even for women) and an ISO 7064
 * MOD 11-2 check character. Fifteen-digit numbers from before 1999 are rejected: they carry
 * neither the century nor a checksum, so the owning department must upgrade them at the source.
 */
public final class ResidentIdNumber {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1870, 1, 1);

    private ResidentIdNumber() {
    }

    /** The outcome of checking a number: empty when valid, else the rule it breaks. */
    public static Optional<String> problem(String value, LocalDate today) {
        if (value == null || value.isEmpty()) {
            return Optional.of("resident-id.missing");
        }
        if (value.length() == 15 && Digits.only(value, 0, 15)) {
            return Optional.of("resident-id.legacy-15");
        }
        if (value.length() != 18 || !Digits.only(value, 0, 17)) {
            return Optional.of("resident-id.format");
        }
        char last = value.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return Optional.of("resident-id.format");
        }
        if (!DivisionCode.knownProvinceOf(value)) {
            return Optional.of("resident-id.region");
        }
        LocalDate birth = birthDate(value);
        if (birth == null || birth.isBefore(EARLIEST_BIRTH) || birth.isAfter(today)) {
            return Optional.of("resident-id.birth-date");
        }
        if (checkCharacter(value) != last) {
            return Optional.of("resident-id.checksum");
        }
        return Optional.empty();
    }

    public static Optional<String> problem(String value) {
        return problem(value, LocalDate.now());
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }

    /** The check character for the first 17 digits (of a longer string too: only those are read). */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** The birth date encoded in positions 7–14 of an 18-character number, if it is a real date. */
    public static Optional<LocalDate> parseBirthDate(String value) {
        return Optional.ofNullable(birthDate(value));
    }

    /** {@link #parseBirthDate}, null for none: the door's check asks it for every record. */
    private static LocalDate birthDate(String value) {
        if (value == null || value.length() != 18 || !Digits.only(value, 6, 14)) {
            return null;
        }
        try {
            return LocalDate.of(Digits.number(value, 6, 10), Digits.number(value, 10, 12), Digits.number(value, 12, 14));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Odd sequence digit (position 17) means male, even means female. */
    public static Optional<Boolean> isMale(String value) {
        if (value == null || value.length() < 17 || !Character.isDigit(value.charAt(16))) {
            return Optional.empty();
        }
        return Optional.of((value.charAt(16) - '0') % 2 == 1);
    }

    /** Trims and upper-cases the check character, the two slips clerks' systems most often make. */
    public static String normalize(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * The form logs and error messages may show: the region code only ({@code 110105************}).
     * Keeping the last four as well left about 3,300 candidates for a known region and age, few
     * enough to try. Anything not shaped like an ID is hidden whole.
     */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() == 18) {
            return value.substring(0, 6) + "*".repeat(12);
        }
        if (value.length() == 15) {
            return value.substring(0, 6) + "*".repeat(9);
        }
        return "*".repeat(Math.min(value.length(), 18));
    }
}
