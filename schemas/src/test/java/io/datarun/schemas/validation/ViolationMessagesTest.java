package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ViolationMessagesTest {
    private static final String ROOT = "io/datarun/schemas/validation/";

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ViolationMessagesTest.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void englishAndChineseBundlesDeclareTheSameCodes() throws IOException {
        assertThat(load("Violations_zh_CN.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(load("Violations.properties").stringPropertyNames());
    }

    @Test
    void everyCodeHasAnEnglishAndADifferentChineseMessage() throws IOException {
        for (String code : load("Violations.properties").stringPropertyNames()) {
            String english = Violation.message(code, Locale.ENGLISH);
            String chinese = Violation.message(code, Locale.SIMPLIFIED_CHINESE);
            assertThat(english).as("English message of " + code).isNotBlank().isNotEqualTo(code);
            assertThat(chinese).as("Chinese message of " + code).isNotBlank()
                    .isNotEqualTo(code).isNotEqualTo(english);
            assertThat(chinese.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                    .as("Chinese message of " + code + " is written in Chinese: " + chinese).isTrue();
        }
    }

    @Test
    void everyCodeTheValidatorsProduceHasAMessage() {
        for (String code : new String[] {"required", "not-blank", "unknown-field", "type.string", "type.number",
                "type.date", "type.timestamp", "type.enum", "type.unsupported", "resident-id.missing",
                "resident-id.legacy-15", "resident-id.format", "resident-id.region", "resident-id.birth-date",
                "resident-id.checksum", "division-code.format", "division-code.province", "birth-date.mismatch",
                "gender.mismatch", "credit-code.missing", "credit-code.format", "credit-code.registration-authority",
                "credit-code.organization-type", "credit-code.division", "credit-code.organization-code",
                "credit-code.checksum", "mobile.missing", "mobile.format", "postal-code.missing", "postal-code.format",
                "disability-grade.range"}) {
            assertThat(Violation.message(code, Locale.ENGLISH)).as(code).isNotEqualTo(code);
            assertThat(Violation.message(code, Locale.SIMPLIFIED_CHINESE)).as(code).isNotEqualTo(code);
        }
    }

    @Test
    void unknownCodeFallsBackToTheCodeItself() {
        assertThat(Violation.message("no.such.code", Locale.ENGLISH)).isEqualTo("no.such.code");
    }

    @Test
    void violationCarriesTheEnglishMessageAndTranslatesOnRequest() {
        Violation violation = Violation.of("residentId", "resident-id.checksum");
        assertThat(violation.message()).isEqualTo("fails the GB 11643 checksum");
        assertThat(violation.message(Locale.SIMPLIFIED_CHINESE)).isEqualTo("校验码错误（GB 11643）");
    }
}
