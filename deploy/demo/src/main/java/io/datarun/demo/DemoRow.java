package io.datarun.demo;

import java.util.Map;
import java.util.Optional;

/**
 * One row of a departmental demo table, before it is written.
 *
 * @param id               the table's key column {@code id}
 * @param values           column name to value (String, LocalDate, Integer, BigDecimal or null), without id and gxsj
 * @param hoursBeforeSeed  gxsj, in whole hours before the seeding time
 * @param expected         the violation the intake door must report for a row that is bad on purpose
 */
public record DemoRow(long id, Map<String, Object> values, int hoursBeforeSeed, Optional<Expected> expected) {
    public boolean isBad() {
        return expected.isPresent();
    }

    /** A violation the intake door must report: dataset field and code. */
    public record Expected(String field, String code) {
    }
}
