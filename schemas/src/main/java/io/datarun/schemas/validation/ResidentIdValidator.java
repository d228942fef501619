package io.datarun.schemas.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Bean Validation adapter for {@link ResidentIdNumber}; null is left to {@code @NotNull}. */
public class ResidentIdValidator implements ConstraintValidator<ResidentId, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value == null || ResidentIdNumber.problem(value.toString()).isEmpty();
    }
}
