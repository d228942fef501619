package io.datarun.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.position.Position;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where a connector stands in its source: the watermark timestamp and unique key of the last row it
 * committed. The next batch starts strictly after it, in {@code (timestamp, key)} order.
 *
 * @param key a {@link Long}, {@link BigDecimal} or {@link String}, as the key column holds it
 */
public record SourcePosition(LocalDateTime ts, Object key) implements Position {
    /** ISO local date-time, always with nine fraction digits, so positions sort as text too. */
    public static final DateTimeFormatter TS_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

    public SourcePosition {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(key, "key");
        key = normalizeKey(key);
    }

    /** The position of a source row from its watermark and key column values. */
    public static SourcePosition of(Object watermarkValue, Object keyValue) {
        return new SourcePosition(timestamp(watermarkValue), keyValue);
    }

    public String tsText() {
        // by hand: once per published row (its position header), where the formatter was a visible cost
        // of a first load; the same text as TS_FORMAT for years 0000-9999 (SourcePositionTest)
        if (ts.getYear() < 0 || ts.getYear() > 9999) {
            return TS_FORMAT.format(ts);
        }
        char[] text = new char[29];
        digits(text, 0, ts.getYear(), 4);
        text[4] = '-';
        digits(text, 5, ts.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, ts.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, ts.getHour(), 2);
        text[13] = ':';
        digits(text, 14, ts.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, ts.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, ts.getNano(), 9);
        return new String(text);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@link #toJson}'s bytes; a whole-number key (the usual case) without building a JSON tree. */
    @Override
    public byte[] jsonBytes() {
        if (key instanceof Long number) {
            return ("{\"ts\":\"" + tsText() + "\",\"key\":" + number + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return Position.super.jsonBytes();
    }

    /**
     * Reads the JSON {@link #toJson} writes (from the offsets topic): a whole-number key that fits
     * a long comes back as a {@link Long}, another number as a {@link BigDecimal}, anything else as text.
     */
    public static SourcePosition fromJson(JsonNode json) {
        return new SourcePosition(LocalDateTime.parse(json.path("ts").asText()), keyOf(json.path("key")));
    }

    static Object keyOf(JsonNode key) {
        return key.isIntegralNumber() && key.canConvertToLong() ? (Object) key.longValue()
                : key.isNumber() ? key.decimalValue() : key.asText();
    }

    /** {@code {"ts": "2024-05-01T08:00:00.000000000", "key": 42}}; a numeric key stays a JSON number. */
    @Override
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ts", tsText());
        putKey(node, "key", key);
        return node;
    }

    static void putKey(ObjectNode node, String field, Object key) {
        if (key instanceof Long number) {
            node.put(field, number);
        } else if (key instanceof BigDecimal decimal) {
            node.put(field, decimal);
        } else {
            node.put(field, key.toString());
        }
    }

    @Override
    public String rowKey() {
        return String.valueOf(key);
    }

    @Override
    public String toString() {
        return "(" + tsText() + ", " + key + ")";
    }

    static LocalDateTime timestamp(Object value) {
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        if (value instanceof OffsetDateTime odt) {
            // compared in the database as stored; keep its local reading
            return odt.toLocalDateTime();
        }
        throw new IllegalArgumentException("the watermark column holds "
                + (value == null ? "NULL" : value.getClass().getName())
                + ", expected a DATE or TIMESTAMP column");
    }

    static Object normalizeKey(Object key) {
        if (key instanceof Integer || key instanceof Short || key instanceof Byte || key instanceof BigInteger) {
            return ((Number) key).longValue();
        }
        if (key instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                return decimal;
            }
        }
        if (key instanceof Long || key instanceof String) {
            return key;
        }
        if (key instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        return key.toString();
    }
}
