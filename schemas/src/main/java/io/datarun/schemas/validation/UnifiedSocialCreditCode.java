package io.datarun.schemas.validation;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015, which identifies every
 * enterprise and organisation: 18 characters over {@code 0-9 A-H J-N P-R T-U W-Y} (no I, O, S, V,
 * Z), namely the registration authority (1), the organisation type (1), the GB/T 2260 division of
 * the registering office (6), the GB 11714 organisation code (8 characters and its own MOD 11
 * check character) and a final check character: with the characters' values {@code c_i} (their
 * position in the charset) and weights {@code w_i = 3^i mod 31}, the check value is
 * {@code 31 - (Σ c_i·w_i mod 31)}, 31 written as 0.
 */
public final class UnifiedSocialCreditCode {
    /** The 31 characters of the code, in value order. */
    public static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = new int[17];
    /** GB 11714 weights of the organisation code's eight body characters. */
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    /**
     * Registration authorities of GB 32100 (1 机构编制, 5 民政, 9 工商, Y 其他) and those added by
     * later assignments (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制, N 农业).
     */
    private static final Set<Character> AUTHORITIES = Set.of('1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y');
    /** Division code of organisations registered at national level (国家级登记机关). */
    private static final String NATIONAL = "100000";

    static {
        int weight = 1;
        for (int i = 0; i < WEIGHTS.length; i++) {
            WEIGHTS[i] = weight;
            weight = weight * 3 % 31;
        }
    }

    private UnifiedSocialCreditCode() {
    }

    /** The outcome of checking a code: empty when valid, else the rule it breaks. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("credit-code.missing");
        }
        if (value.length() != 18 || !value.chars().allMatch(c -> CHARSET.indexOf(c) >= 0)) {
            return Optional.of("credit-code.format");
        }
        if (!AUTHORITIES.contains(value.charAt(0))) {
            return Optional.of("credit-code.registration-authority");
        }
        char type = value.charAt(1);
        if (type < '1' || type > '9') {
            return Optional.of("credit-code.organization-type");
        }
        String division = value.substring(2, 8);
        if (!NATIONAL.equals(division) && DivisionCode.problem(division).isPresent()) {
            return Optional.of("credit-code.division");
        }
        if (organizationCheckCharacter(value.substring(8, 16)) != value.charAt(16)) {
            return Optional.of("credit-code.organization-code");
        }
        if (checkCharacter(value.substring(0, 17)) != value.charAt(17)) {
            return Optional.of("credit-code.checksum");
        }
        return Optional.empty();
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }

    /** The GB 32100 check character of the first 17 characters (all from {@link #CHARSET}). */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 characters, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = CHARSET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not a credit code character");
            }
            sum += value * WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }

    /**
     * The GB 11714 check character of an organisation code's eight body characters (digits 0–9,
     * letters A–Z valued 10–35): {@code 11 - (Σ c_i·w_i mod 11)}, 10 written as X and 11 as 0.
     */
    public static char organizationCheckCharacter(String body8) {
        if (body8.length() != 8) {
            throw new IllegalArgumentException("need 8 characters, got " + body8.length());
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int value = Character.digit(body8.charAt(i), 36);
            if (value < 0 || Character.isLowerCase(body8.charAt(i))) {
                throw new IllegalArgumentException("'" + body8.charAt(i) + "' is not an organisation code character");
            }
            sum += value * ORG_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
    }

    /** Trims and upper-cases, the slips clerks' systems most often make. */
    public static String normalize(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }
}
