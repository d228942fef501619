package io.datarun.gateway.forms;

import java.math.BigDecimal;

/** Value comparison for locked fields: numbers by value (1500 equals 1500.0), everything else as text. */
final class FormValues {
    private FormValues() {
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return a.toString().strip().equals(b.toString().strip());
    }

    static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static BigDecimal number(Object value) {
        if (!(value instanceof Number) && !(value instanceof CharSequence)) {
            return null;
        }
        try {
            return new BigDecimal(value.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
