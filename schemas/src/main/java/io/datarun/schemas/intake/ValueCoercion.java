package io.datarun.schemas.intake;

import io.datarun.schemas.catalog.FieldDescriptor;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Turns what sources hand us (JDBC values, JSON scalars, spreadsheet text) into the Java value
 * the field's Avro type takes. Local date-times without an offset are read in the source's zone,
 * China Standard Time unless a connector says otherwise.
 */
public final class ValueCoercion {
    public static final ZoneId DEFAULT_SOURCE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            strict("uuuu-MM-dd"),
            strict("uuuuMMdd"),
            strict("uuuu/M/d"),
            strict("uuuu.M.d"),
            strict("uuuu年M月d日"));

    private final ZoneId sourceZone;

    /** Strict resolution: 1990-02-30 is an error, not quietly 1990-02-28. */
    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    public ValueCoercion(ZoneId sourceZone) {
        this.sourceZone = sourceZone;
    }

    public ValueCoercion() {
        this(DEFAULT_SOURCE_ZONE);
    }

    /** The typed value, or null for null/blank input (the validator decides if that is allowed). */
    public Object coerce(FieldDescriptor field, Object raw) throws CoercionException {
        if (raw == null || (raw instanceof CharSequence text && text.toString().isBlank())) {
            return null;
        }
        Schema schema = field.valueSchema();
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return toDate(raw);
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return toInstant(raw);
        }
        return switch (schema.getType()) {
            case STRING -> raw instanceof CharSequence || raw instanceof Number || raw instanceof Character
                    ? raw.toString().strip() : fail("type.string");
            case INT -> exact(raw, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case LONG -> exact(raw, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
            case DOUBLE -> toDouble(raw);
            case FLOAT -> toFloat(raw);
            case BOOLEAN -> toBoolean(raw);
            case ENUM -> toSymbol(schema, raw);
            default -> fail("type.unsupported");
        };
    }

    private LocalDate toDate(Object raw) throws CoercionException {
        if (raw instanceof LocalDate date) {
            return date;
        }
        if (raw instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (raw instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toLocalDate();
        }
        if (raw instanceof LocalDateTime dateTime) {
            return dateTime.toLocalDate();
        }
        if (raw instanceof CharSequence text) {
            String value = text.toString().strip();
            for (DateTimeFormatter format : DATE_FORMATS) {
                try {
                    return LocalDate.parse(value, format);
                } catch (DateTimeParseException ignored) {
                    // try the next common format
                }
            }
        }
        return fail("type.date");
    }

    private Instant toInstant(Object raw) throws CoercionException {
        if (raw instanceof Instant instant) {
            return instant;
        }
        if (raw instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().atZone(sourceZone).toInstant();
        }
        if (raw instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (raw instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (raw instanceof LocalDateTime ldt) {
            return ldt.atZone(sourceZone).toInstant();
        }
        if (raw instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        if (raw instanceof CharSequence text) {
            String value = text.toString().strip().replace(' ', 'T');
            if (value.length() == 10) {
                // a bare date, as spreadsheets show a change time that fell on midnight: the start of that day
                try {
                    return LocalDate.parse(value).atStartOfDay(sourceZone).toInstant();
                } catch (DateTimeParseException e) {
                    return fail("type.timestamp");
                }
            }
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value,
                        ZonedDateTime::from, LocalDateTime::from);
                return parsed instanceof ZonedDateTime zdt ? zdt.toInstant()
                        : ((LocalDateTime) parsed).atZone(sourceZone).toInstant();
            } catch (DateTimeParseException e) {
                return fail("type.timestamp");
            }
        }
        return fail("type.timestamp");
    }

    private static BigDecimal toNumber(Object raw) throws CoercionException {
        try {
            if (raw instanceof BigDecimal decimal) {
                return decimal;
            }
            if (raw instanceof Number || raw instanceof CharSequence) {
                return new BigDecimal(raw.toString().strip());
            }
        } catch (NumberFormatException e) {
            return fail("type.number");
        }
        return fail("type.number");
    }

    /**
     * The number as a double, only when a double holds it: {@code 1e999} would be Infinity, a type
     * error, never stored. (A number below the smallest double rounds to 0, as decimals round.)
     */
    private static double toDouble(Object raw) throws CoercionException {
        BigDecimal number = toNumber(raw);
        double value = number.doubleValue();
        if (Double.isInfinite(value)) {
            return fail("type.number");
        }
        return value;
    }

    /** As {@link #toDouble}, for a float. */
    private static float toFloat(Object raw) throws CoercionException {
        BigDecimal number = toNumber(raw);
        float value = number.floatValue();
        if (Float.isInfinite(value)) {
            return fail("type.number");
        }
        return value;
    }

    /** A whole number within [min, max]; fractions and overflows are type errors, never truncated. */
    private static BigDecimal exact(Object raw, long min, long max) throws CoercionException {
        BigDecimal number = toNumber(raw);
        try {
            long value = number.longValueExact();
            if (value < min || value > max) {
                return fail("type.number");
            }
            return number;
        } catch (ArithmeticException e) {
            return fail("type.number");
        }
    }

    private static Boolean toBoolean(Object raw) throws CoercionException {
        if (raw instanceof Boolean b) {
            return b;
        }
        String text = raw.toString().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "y", "yes", "是" -> Boolean.TRUE;
            case "false", "0", "n", "no", "否" -> Boolean.FALSE;
            default -> fail("type.unsupported");
        };
    }

    private static String toSymbol(Schema schema, Object raw) throws CoercionException {
        String text = raw.toString().strip();
        for (String symbol : schema.getEnumSymbols()) {
            if (symbol.equalsIgnoreCase(text)) {
                return symbol;
            }
        }
        return fail("type.enum");
    }

    private static <T> T fail(String code) throws CoercionException {
        throw new CoercionException(code);
    }
}
