package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MobileAndPostalCodeTest {
    @ParameterizedTest
    @ValueSource(strings = {"13800138000", "15912345678", "16612345678", "17012345678", "18912345678", "19912345678"})
    void mainlandMobileNumbersAreValid(String number) {
        assertThat(MobileNumber.problem(number)).isEmpty();
        assertThat(MobileNumber.isValid(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12800138000", "10800138000", "23800138000", "1380013800", "138001380000",
            "1380013800a", "+8613800138000", "138 0013 8000", "138-0013-8000", "010-12345678"})
    void otherNumbersAreFormatProblems(String number) {
        assertThat(MobileNumber.problem(number)).contains("mobile.format");
    }

    @Test
    void missingMobileIsMissing() {
        assertThat(MobileNumber.problem(null)).contains("mobile.missing");
        assertThat(MobileNumber.problem("")).contains("mobile.missing");
    }

    @Test
    void mobileMaskKeepsPrefixAndLastFour() {
        assertThat(MobileNumber.mask("13800138000")).isEqualTo("138****8000");
        assertThat(MobileNumber.mask("123")).isEqualTo("***");
        assertThat(MobileNumber.mask(null)).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100020", "310002", "000000", "830000", "853000"})
    void sixDigitPostalCodesNotStartingWith9AreValid(String code) {
        assertThat(PostalCode.problem(code)).isEmpty();
        assertThat(PostalCode.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"900000", "10002", "1000200", "10002a", " 100020", "１００００２"})
    void otherPostalCodesAreFormatProblems(String code) {
        assertThat(PostalCode.problem(code)).contains("postal-code.format");
    }

    @Test
    void missingPostalCodeIsMissing() {
        assertThat(PostalCode.problem(null)).contains("postal-code.missing");
        assertThat(PostalCode.problem("")).contains("postal-code.missing");
    }
}
