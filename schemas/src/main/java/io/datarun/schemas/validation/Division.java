package io.datarun.schemas.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A GB/T 2260 administrative division code: six digits under a known province. */
@Documented
@Constraint(validatedBy = {}) // DivisionValidator is registered in META-INF/services, so neither file names the other
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface Division {
    String message() default "{io.datarun.validation.Division.message}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
