package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AnnotationsTest {
    record Enterprise(@CreditCode String creditCode, @Mobile String mobile, @Postal String postalCode,
            @ResidentId String legalRepresentativeId, @Division String divisionCode) {
    }

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void validValuesAndNullsPass() {
        assertThat(VALIDATOR.validate(new Enterprise("91350100M000100Y43", "13800138000", "350001",
                "11010519491231002X", "350102"))).isEmpty();
        assertThat(VALIDATOR.validate(new Enterprise(null, null, null, null, null))).isEmpty();
    }

    @Test
    void eachBrokenValueIsReportedOnItsPropertyWithItsMessage() {
        Set<ConstraintViolation<Enterprise>> violations = VALIDATOR.validate(new Enterprise("91350100M000100Y44",
                "12800138000", "900000", "11010519491231002X", "350102"));
        assertThat(violations.stream().collect(Collectors.toMap(v -> v.getPropertyPath().toString(),
                ConstraintViolation::getMessage))).containsOnly(
                java.util.Map.entry("creditCode", "is not a valid unified social credit code (GB 32100)"),
                java.util.Map.entry("mobile", "is not a valid mainland mobile number"),
                java.util.Map.entry("postalCode", "is not a valid postal code"));
    }

    @Test
    void messagesExistInChinese() {
        jakarta.validation.Configuration<?> configuration = Validation.byDefaultProvider().configure();
        MessageInterpolator standard = configuration.getDefaultMessageInterpolator();
        try (ValidatorFactory chinese = configuration.messageInterpolator(new MessageInterpolator() {
            @Override
            public String interpolate(String template, Context context) {
                return standard.interpolate(template, context, Locale.SIMPLIFIED_CHINESE);
            }

            @Override
            public String interpolate(String template, Context context, Locale locale) {
                return standard.interpolate(template, context, locale);
            }
        }).buildValidatorFactory()) {
            Set<String> messages = chinese.getValidator().validate(new Enterprise("91350100M000100Y44",
                    "12800138000", "900000", null, null)).stream().map(ConstraintViolation::getMessage)
                    .collect(Collectors.toSet());
            assertThat(messages).containsExactlyInAnyOrder("不是有效的统一社会信用代码（GB 32100）", "不是有效的手机号码",
                    "不是有效的邮政编码");
        }
    }
}
