package io.datarun.schemas.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A GB 32100 unified social credit code: format, registration authority, organisation type, division, organisation code check and final check character. */
@Documented
@Constraint(validatedBy = {}) // CreditCodeValidator is registered in META-INF/services, so neither file names the other
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface CreditCode {
    String message() default "{io.datarun.validation.CreditCode.message}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
