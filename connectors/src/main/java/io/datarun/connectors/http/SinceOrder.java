package io.datarun.connectors.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Orders change-time values as what they are: ISO instants and offset date-times, local date-times
 * ({@code 2025-05-01T08:00:00} or {@code 2025-05-01 08:00:00}, in the declared zone) and dates as
 * points in time; numbers (epoch seconds or millis, version counters) as numbers; anything else as text.
 */
final class SinceOrder implements Comparator<String> {
    private final ZoneId zone;

    SinceOrder(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public int compare(String a, String b) {
        Comparable<?> x = value(a);
        Comparable<?> y = value(b);
        if (x.getClass() == y.getClass()) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) x;
            return comparable.compareTo(y);
        }
        return a.compareTo(b);
    }

    Comparable<?> value(String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + "T" + t.substring(11) : t)
                    .atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            return t;
        }
    }
}
