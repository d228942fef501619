package io.datarun.connectors.testkit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

/** The change-time values the conformance kit recognises without help (see {@link SourceConnectorConformance#isChangeTime}). */
final class ChangeTimes {
    private static final List<Function<String, ?>> TEXT_FORMS = List.of(OffsetDateTime::parse, Instant::parse,
            LocalDateTime::parse, LocalDate::parse, text -> LocalDateTime.parse(text.replace(' ', 'T')));

    private ChangeTimes() {
    }

    static boolean recognised(Object value) {
        if (value instanceof TemporalAccessor || value instanceof Date || value instanceof Number) {
            return true;
        }
        if (!(value instanceof CharSequence text)) {
            return false;
        }
        String stripped = text.toString().strip();
        if (stripped.matches("\\d{9,}")) {
            return true; // epoch seconds or milliseconds as text
        }
        for (Function<String, ?> form : TEXT_FORMS) {
            try {
                form.apply(stripped);
                return true;
            } catch (DateTimeParseException e) {
                // not this form
            }
        }
        return false;
    }
}
