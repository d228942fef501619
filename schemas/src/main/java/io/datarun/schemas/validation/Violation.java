package io.datarun.schemas.validation;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * One broken rule of one field. {@code code} is stable (clients switch on it); the message is
 * for people, in English or Chinese.
 */
public record Violation(String field, String code, String message) {
    private static final String BUNDLE = "io.datarun.schemas.validation.Violations";

    public static Violation of(String field, String code) {
        return new Violation(field, code, message(code, Locale.ENGLISH));
    }

    /** The message of a code in a locale ({@code zh-CN} or English), or the code itself when unknown. */
    public static String message(String code, Locale locale) {
        try {
            return ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(
                    ResourceBundle.Control.FORMAT_PROPERTIES)).getString(code);
        } catch (MissingResourceException e) {
            return code;
        }
    }

    public String message(Locale locale) {
        return message(code, locale);
    }
}
