package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResidentIdNumberTest {
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);
    private static final String CHARACTERS = "0123456789X";

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524188001010014"})
    void publishedGb11643ExamplesAreValid(String id) {
        assertThat(ResidentIdNumber.problem(id, TODAY)).isEmpty();
        assertThat(ResidentIdNumber.isValid(id)).isTrue();
    }

    @Test
    void checkCharacterIsComputedWithMod11Dash2() {
        assertThat(ResidentIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "440524188001010014"})
    void everySingleCharacterCorruptionIsRejected(String valid) {
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (int position = 0; position < valid.length(); position++) {
            for (char replacement : CHARACTERS.toCharArray()) {
                if (replacement == valid.charAt(position)) {
                    continue;
                }
                String corrupted = valid.substring(0, position) + replacement + valid.substring(position + 1);
                tried++;
                if (ResidentIdNumber.problem(corrupted, TODAY).isEmpty()) {
                    accepted.add(corrupted);
                }
            }
        }
        assertThat(tried).isEqualTo(18 * 10);
        assertThat(accepted).as("corruptions that passed").isEmpty();
    }

    @Test
    void wrongCheckCharacterIsAChecksumProblem() {
        assertThat(ResidentIdNumber.problem("110105194912310021", TODAY)).contains("resident-id.checksum");
    }

    @Test
    void unknownProvinceIsARegionProblem() {
        String first17 = "99010519491231002";
        assertThat(ResidentIdNumber.problem(first17 + ResidentIdNumber.checkCharacter(first17), TODAY))
                .contains("resident-id.region");
    }

    @Test
    void impossibleBirthDateIsRejected() {
        String first17 = "11010519900230001";
        assertThat(ResidentIdNumber.problem(first17 + ResidentIdNumber.checkCharacter(first17), TODAY))
                .contains("resident-id.birth-date");
        assertThat(ResidentIdNumber.parseBirthDate(first17 + "0")).isEmpty();
    }

    @Test
    void birthDateAfterTodayIsRejected() {
        String first17 = "11010520250602001";
        String id = first17 + ResidentIdNumber.checkCharacter(first17);
        assertThat(ResidentIdNumber.problem(id, TODAY)).contains("resident-id.birth-date");
        assertThat(ResidentIdNumber.problem(id, LocalDate.of(2025, 6, 2))).isEmpty();
    }

    @Test
    void birthDateBefore1870IsRejected() {
        String first17 = "11010518691231001";
        assertThat(ResidentIdNumber.problem(first17 + ResidentIdNumber.checkCharacter(first17), TODAY))
                .contains("resident-id.birth-date");
    }

    @Test
    void fifteenDigitLegacyNumberIsRejectedAsLegacy() {
        assertThat(ResidentIdNumber.problem("110105491231002", TODAY)).contains("resident-id.legacy-15");
    }

    @Test
    void legacyNumberIsNotReadAsAnEighteenDigitBirthDate() {
        // 15-digit 110105 900102 123: positions 7-14 would read as the date 9001-02-12
        assertThat(ResidentIdNumber.parseBirthDate("110105900102123")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101051949123100", "11010519491231002XX", "1101051949123A002X", "11010519491231002Y"})
    void malformedNumbersAreFormatProblems(String id) {
        assertThat(ResidentIdNumber.problem(id, TODAY)).contains("resident-id.format");
    }

    @Test
    void nullOrEmptyIsMissing() {
        assertThat(ResidentIdNumber.problem(null, TODAY)).contains("resident-id.missing");
        assertThat(ResidentIdNumber.problem("", TODAY)).contains("resident-id.missing");
    }

    @Test
    void lowerCaseXIsRejectedButNormalizeFixesIt() {
        assertThat(ResidentIdNumber.problem("11010519491231002x", TODAY)).contains("resident-id.format");
        String normalized = ResidentIdNumber.normalize(" 11010519491231002x ");
        assertThat(normalized).isEqualTo("11010519491231002X");
        assertThat(ResidentIdNumber.problem(normalized, TODAY)).isEmpty();
        assertThat(ResidentIdNumber.normalize(null)).isNull();
    }

    @Test
    void birthDateAndGenderAreReadFromTheNumber() {
        assertThat(ResidentIdNumber.parseBirthDate("11010519491231002X")).contains(LocalDate.of(1949, 12, 31));
        assertThat(ResidentIdNumber.isMale("11010519491231002X")).contains(false);
        assertThat(ResidentIdNumber.isMale("440524188001010014")).contains(true);
        assertThat(ResidentIdNumber.isMale("1101")).isEmpty();
    }

    @Test
    void maskKeepsTheRegionOnly() {
        // region and last four left about 3,300 candidates (birth dates x sequences): issue 12, finding 9
        assertThat(ResidentIdNumber.mask("11010519491231002X")).isEqualTo("110105************");
        assertThat(ResidentIdNumber.mask("110105491231002")).isEqualTo("110105*********");
        assertThat(ResidentIdNumber.mask("abc")).isEqualTo("***");
        assertThat(ResidentIdNumber.mask(null)).isEqualTo("null");
    }
}
