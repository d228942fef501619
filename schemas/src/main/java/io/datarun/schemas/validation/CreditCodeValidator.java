package io.datarun.schemas.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Bean Validation adapter for {@link UnifiedSocialCreditCode}; null is left to {@code @NotNull}. */
public class CreditCodeValidator implements ConstraintValidator<CreditCode, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return value == null || UnifiedSocialCreditCode.problem(value.toString()).isEmpty();
    }
}
