package io.datarun.schemas.validation;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Administrative division codes of GB/T 2260: six digits, province (2), prefecture (2),
 * county (2). Only the province prefixes are checked against the standard's list; the full
 * table changes every year and is the registry department's to publish as a dataset.
 */
public final class DivisionCode {
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15",
            "21", "22", "23",
            "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46",
            "50", "51", "52", "53", "54",
            "61", "62", "63", "64", "65",
            "71", "81", "82", "83");

    private static final String NAMES = "io.datarun.schemas.validation.Divisions";

    private DivisionCode() {
    }

    /** Index: the two digits as a number 0-99; true for the provinces above. */
    private static final boolean[] PROVINCE_NUMBERS = new boolean[100];

    static {
        PROVINCES.forEach(code -> PROVINCE_NUMBERS[Integer.parseInt(code)] = true);
    }

    public static boolean knownProvince(String twoDigits) {
        return PROVINCES.contains(twoDigits);
    }

    /** {@link #knownProvince} of the first two characters, without taking them out (every resident ID is checked). */
    static boolean knownProvinceOf(String code) {
        return code.length() >= 2 && Digits.only(code, 0, 2) && PROVINCE_NUMBERS[Digits.number(code, 0, 2)];
    }

    public static Optional<String> problem(String value) {
        if (value == null || value.length() != 6 || !Digits.only(value, 0, 6)) {
            return Optional.of("division-code.format");
        }
        if (!knownProvinceOf(value)) {
            return Optional.of("division-code.province");
        }
        return Optional.empty();
    }

    /**
     * The division's GB/T 2260 name in {@code locale} (zh-CN or English), for the divisions listed in
     * {@code Divisions.properties}; empty for any other code, which a page then shows as the code.
     */
    public static Optional<String> name(String code, Locale locale) {
        if (code == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceBundle.getBundle(NAMES, locale, ResourceBundle.Control.getNoFallbackControl(
                    ResourceBundle.Control.FORMAT_PROPERTIES)).getString(code));
        } catch (MissingResourceException e) {
            return Optional.empty();
        }
    }

    /** Every division with a name, in code order. */
    public static java.util.SortedSet<String> named() {
        return new java.util.TreeSet<>(ResourceBundle.getBundle(NAMES, Locale.ROOT).keySet());
    }

    /** True when {@code code} lies within {@code area} (a province, prefecture or county code). */
    public static boolean within(String code, String area) {
        if (code == null || area == null || problem(area).isPresent()) {
            return false;
        }
        String prefix = area.replaceAll("(00)+$", "");
        return code.startsWith(prefix);
    }
}
