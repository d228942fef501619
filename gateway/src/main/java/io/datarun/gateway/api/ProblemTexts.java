package io.datarun.gateway.api;

import io.datarun.gateway.failure.FieldError;
import io.datarun.schemas.validation.Violation;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The language of a problem+json answer: Chinese when the caller's Accept-Language prefers it (the
 * clerk UI sends zh-CN), English otherwise. The English texts are the failures' own; the Chinese ones
 * come from {@code Problems_zh_CN.properties} by code, and each failing field's message from the
 * schemas' violation messages first. The code, type and field names never change with the language.
 */
final class ProblemTexts {
    static final Locale ZH = Locale.forLanguageTag("zh-CN");
    private static final String BUNDLE = "io.datarun.gateway.api.Problems";

    private ProblemTexts() {
    }

    /** zh-CN when the first acceptable language the answer has is Chinese, else English. */
    static Locale choose(List<Locale> acceptable) {
        if (acceptable != null) {
            for (Locale locale : acceptable) {
                if ("zh".equals(locale.getLanguage())) {
                    return ZH;
                }
                if ("en".equals(locale.getLanguage())) {
                    return Locale.ENGLISH;
                }
            }
        }
        return Locale.ENGLISH;
    }

    static String detail(Locale locale, String code, String english) {
        return text(locale, "detail." + code).orElse(english);
    }

    static String title(Locale locale, String key, String english) {
        return text(locale, "title." + key).orElse(english);
    }

    static List<FieldError> errors(Locale locale, List<FieldError> errors) {
        if (!ZH.equals(locale)) {
            return errors;
        }
        return errors.stream().map(e -> new FieldError(e.field(), e.code(), fieldMessage(e))).toList();
    }

    private static String fieldMessage(FieldError error) {
        String fromSchemas = Violation.message(error.code(), ZH);
        if (!fromSchemas.equals(error.code())) {
            return fromSchemas;
        }
        return text(ZH, "field." + error.code()).orElse(error.message());
    }

    private static Optional<String> text(Locale locale, String key) {
        if (!ZH.equals(locale)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResourceBundle.getBundle(BUNDLE, ZH, ResourceBundle.Control.getNoFallbackControl(
                    ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key));
        } catch (MissingResourceException e) {
            return Optional.empty();
        }
    }
}
