package io.datarun.gateway.forms;

import io.datarun.gateway.failure.FieldError;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.DivisionCode;
import io.datarun.schemas.validation.MobileNumber;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A typed value against its form field's type and constraints, before the target schema's own rules
 * run on the record it becomes. The first failure is reported, with the same codes as the door.
 */
final class FormConstraints {
    private FormConstraints() {
    }

    static Optional<FieldError> check(FormField field, Object value) {
        String text = value.toString().strip();
        FormField.Constraints c = field.constraints();
        Optional<String> code = switch (field.type()) {
            case "number", "integer" -> number(text, field.type().equals("integer"), c, field.scale());
            case "date" -> date(text);
            case "boolean" -> value instanceof Boolean || text.matches("(?i)true|false|是|否")
                    ? Optional.empty() : Optional.of("type.boolean");
            case "resident-id" -> SubjectIds.problem(SubjectType.PERSON, text);
            case "division-code" -> DivisionCode.problem(text);
            case "mobile" -> MobileNumber.problem(text);
            case "enum" -> c.options().isEmpty() || c.options().contains(text) ? Optional.empty() : Optional.of("type.enum");
            default -> Optional.empty();
        };
        if (code.isEmpty() && c.maxLength().filter(max -> text.length() > max).isPresent()) {
            code = Optional.of("size.max");
        }
        if (code.isEmpty() && c.pattern().filter(p -> !Pattern.matches(p, text)).isPresent()) {
            code = Optional.of("pattern");
        }
        return code.map(failed -> new FieldError(field.name(), failed, message(failed, c)));
    }

    private static Optional<String> number(String text, boolean whole, FormField.Constraints c, Integer scale) {
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return Optional.of("type.number");
        }
        if (whole && number.stripTrailingZeros().scale() > 0) {
            return Optional.of("type.number");
        }
        // an exact amount is refused with more decimals than it has (12.345 yuan), never rounded: as at the door
        if (scale != null && number.stripTrailingZeros().scale() > scale) {
            return Optional.of("type.decimal-scale");
        }
        if (c.min().filter(min -> number.doubleValue() < min).isPresent()) {
            return Optional.of("range.min");
        }
        if (c.max().filter(max -> number.doubleValue() > max).isPresent()) {
            return Optional.of("range.max");
        }
        return Optional.empty();
    }

    private static Optional<String> date(String text) {
        try {
            LocalDate.parse(text);
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of("type.date");
        }
    }

    private static String message(String code, FormField.Constraints c) {
        return switch (code) {
            case "range.min" -> "must be at least " + c.min().orElseThrow();
            case "range.max" -> "must be at most " + c.max().orElseThrow();
            case "size.max" -> "must be at most " + c.maxLength().orElseThrow() + " characters";
            case "pattern" -> "must match " + c.pattern().orElseThrow();
            case "type.enum" -> "must be one of " + c.options();
            default -> Violation.of("value", code).message();
        };
    }
}
