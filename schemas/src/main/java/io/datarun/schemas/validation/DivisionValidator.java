package io.datarun.schemas.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Bean Validation adapter for {@link DivisionCode}; null is left to {@code @NotNull}. */
public class DivisionValidator implements ConstraintValidator<Division, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value == null || DivisionCode.problem(value.toString()).isEmpty();
    }
}
