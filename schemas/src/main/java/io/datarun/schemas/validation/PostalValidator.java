package io.datarun.schemas.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Bean Validation adapter for {@link PostalCode}; null is left to {@code @NotNull}. */
public class PostalValidator implements ConstraintValidator<Postal, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value == null || PostalCode.problem(value.toString()).isEmpty();
    }
}
