package io.datarun.schemas.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A GB 11643 resident ID number: format, region, real birth date and checksum. */
@Documented
@Constraint(validatedBy = {}) // ResidentIdValidator is registered in META-INF/services, so neither file names the other
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface ResidentId {
    String message() default "{io.datarun.validation.ResidentId.message}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
