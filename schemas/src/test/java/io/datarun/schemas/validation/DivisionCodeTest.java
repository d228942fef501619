package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DivisionCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"110105", "110108", "330106", "440524", "110000", "810000"})
    void sixDigitsUnderAKnownProvinceAreValid(String code) {
        assertThat(DivisionCode.problem(code)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010", "1101050", "11010A", "", " 110105"})
    void anythingButSixDigitsIsAFormatProblem(String code) {
        assertThat(DivisionCode.problem(code)).contains("division-code.format");
    }

    @Test
    void nullIsAFormatProblem() {
        assertThat(DivisionCode.problem(null)).contains("division-code.format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"990105", "100000", "000000", "240101"})
    void unknownProvinceIsRejected(String code) {
        assertThat(DivisionCode.problem(code)).contains("division-code.province");
    }

    @Test
    void codeLiesWithinItsProvincePrefectureAndCounty() {
        assertThat(DivisionCode.within("110105", "110000")).isTrue();
        assertThat(DivisionCode.within("110105", "110100")).isTrue();
        assertThat(DivisionCode.within("110105", "110105")).isTrue();
        assertThat(DivisionCode.within("110108", "110105")).isFalse();
        assertThat(DivisionCode.within("330106", "110000")).isFalse();
    }

    @Test
    void withinRejectsMissingOrMalformedArea() {
        assertThat(DivisionCode.within(null, "110000")).isFalse();
        assertThat(DivisionCode.within("110105", null)).isFalse();
        assertThat(DivisionCode.within("110105", "11")).isFalse();
    }

    @Test
    void beanValidationAdaptersAcceptNullAndValidValues() {
        assertThat(new DivisionValidator().isValid(null, null)).isTrue();
        assertThat(new DivisionValidator().isValid("110105", null)).isTrue();
        assertThat(new DivisionValidator().isValid("990105", null)).isFalse();
        assertThat(new ResidentIdValidator().isValid(null, null)).isTrue();
        assertThat(new ResidentIdValidator().isValid("11010519491231002X", null)).isTrue();
        assertThat(new ResidentIdValidator().isValid("110105194912310021", null)).isFalse();
    }
}
