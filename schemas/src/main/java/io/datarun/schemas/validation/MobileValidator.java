package io.datarun.schemas.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Bean Validation adapter for {@link MobileNumber}; null is left to {@code @NotNull}. */
public class MobileValidator implements ConstraintValidator<Mobile, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value == null || MobileNumber.problem(value.toString()).isEmpty();
    }
}
