package io.datarun.schemas.catalog;

import java.util.Locale;

/** How sensitive a field is; grants and logs treat each level differently. */
public enum Classification {
    PUBLIC, INTERNAL, PERSONAL, SENSITIVE;

    /** Parses the lower-case form used in schema files ({@code "personal"}). */
    public static Classification parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown classification '" + value
                    + "', expected one of public, internal, personal, sensitive", e);
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
