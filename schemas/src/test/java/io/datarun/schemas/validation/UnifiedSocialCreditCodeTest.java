package io.datarun.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnifiedSocialCreditCodeTest {
    /** Every character a corrupted code could plausibly contain: digits and upper-case letters. */
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Codes printed on real business licences (the first two are the usual GB 32100 examples). */
    @ParameterizedTest
    @ValueSource(strings = {"91350100M000100Y43", "91110000600037341L", "91100000100003962T"})
    void publishedCodesAreValid(String code) {
        assertThat(UnifiedSocialCreditCode.problem(code)).isEmpty();
        assertThat(UnifiedSocialCreditCode.isValid(code)).isTrue();
    }

    @Test
    void checkCharactersOfThePublishedCodesAreReproduced() {
        assertThat(UnifiedSocialCreditCode.checkCharacter("91350100M000100Y4")).isEqualTo('3');
        assertThat(UnifiedSocialCreditCode.checkCharacter("91110000600037341")).isEqualTo('L');
        assertThat(UnifiedSocialCreditCode.organizationCheckCharacter("M000100Y")).isEqualTo('4');
        assertThat(UnifiedSocialCreditCode.organizationCheckCharacter("60003734")).isEqualTo('1');
    }

    @Test
    void checkValueThirtyOneIsWrittenAsZeroAndTenAsA() {
        // worked by hand: weights 3^i mod 31 are 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
        // "00000000000000001" sums to 28, check 31 - 28 = 3
        assertThat(UnifiedSocialCreditCode.checkCharacter("00000000000000001")).isEqualTo('3');
        // all zeros: sum 0, check 31 -> 0
        assertThat(UnifiedSocialCreditCode.checkCharacter("00000000000000000")).isEqualTo('0');
        // first character 'L' (value 20): 20 * 1 = 20, check 11 = 'B'
        assertThat(UnifiedSocialCreditCode.checkCharacter("L0000000000000000")).isEqualTo('B');
        // 'Y' (30) in the last position: 30 * 28 = 840 = 27 * 31 + 3, check 28 = 'W'
        assertThat(UnifiedSocialCreditCode.checkCharacter("0000000000000000Y")).isEqualTo('W');
    }

    @Test
    void organizationCheckCharacterWritesTenAsXAndElevenAsZero() {
        // 1 * 3 + 0... = 3 -> 11 - 3 = 8
        assertThat(UnifiedSocialCreditCode.organizationCheckCharacter("10000000")).isEqualTo('8');
        // sum 0 -> 11 -> '0'
        assertThat(UnifiedSocialCreditCode.organizationCheckCharacter("00000000")).isEqualTo('0');
        // 0000000 then 5 * 2 = 10 -> 11 - 10 = 1; 6 * 2 = 12 -> 12 mod 11 = 1 -> 10 -> 'X'
        assertThat(UnifiedSocialCreditCode.organizationCheckCharacter("00000005")).isEqualTo('1');
        assertThat(UnifiedSocialCreditCode.organizationCheckCharacter("00000006")).isEqualTo('X');
    }

    /** Codes built by the algorithm from random bodies, as the demo's enterprises are. */
    static List<String> derivedCodes(int count) {
        Random random = new Random(32100);
        String[] prefixes = {"91", "92", "93", "11", "12", "51", "52", "Y1"};
        String[] divisions = {"110105", "110108", "330106", "440300", "100000", "650102"};
        List<String> codes = new ArrayList<>();
        while (codes.size() < count) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                body.append(UnifiedSocialCreditCode.CHARSET.charAt(random.nextInt(UnifiedSocialCreditCode.CHARSET.length())));
            }
            char orgCheck = UnifiedSocialCreditCode.organizationCheckCharacter(body.toString());
            String first17 = prefixes[random.nextInt(prefixes.length)] + divisions[random.nextInt(divisions.length)]
                    + body + orgCheck;
            codes.add(first17 + UnifiedSocialCreditCode.checkCharacter(first17));
        }
        return codes;
    }

    @Test
    void derivedCodesAreValid() {
        assertThat(derivedCodes(500)).allSatisfy(code ->
                assertThat(UnifiedSocialCreditCode.problem(code)).as(code).isEmpty());
    }

    @Test
    void everySingleCharacterCorruptionIsRejected() {
        List<String> valid = new ArrayList<>(List.of("91350100M000100Y43", "91110000600037341L"));
        valid.addAll(derivedCodes(20));
        for (String code : valid) {
            List<String> accepted = new ArrayList<>();
            int tried = 0;
            for (int position = 0; position < code.length(); position++) {
                for (char replacement : ALPHANUMERIC.toCharArray()) {
                    if (replacement == code.charAt(position)) {
                        continue;
                    }
                    String corrupted = code.substring(0, position) + replacement + code.substring(position + 1);
                    tried++;
                    if (UnifiedSocialCreditCode.problem(corrupted).isEmpty()) {
                        accepted.add(corrupted);
                    }
                }
            }
            assertThat(tried).isEqualTo(18 * 35);
            assertThat(accepted).as("corruptions of " + code + " that passed").isEmpty();
        }
    }

    @Test
    void everyAdjacentTranspositionOfTheBodyIsRejected() {
        for (String code : derivedCodes(50)) {
            for (int i = 0; i < 17; i++) {
                if (code.charAt(i) == code.charAt(i + 1)) {
                    continue;
                }
                String swapped = code.substring(0, i) + code.charAt(i + 1) + code.charAt(i) + code.substring(i + 2);
                assertThat(UnifiedSocialCreditCode.problem(swapped)).as(swapped).isNotEmpty();
            }
        }
    }

    @Test
    void eachRuleHasItsOwnCode() {
        assertThat(UnifiedSocialCreditCode.problem(null)).contains("credit-code.missing");
        assertThat(UnifiedSocialCreditCode.problem("")).contains("credit-code.missing");
        assertThat(UnifiedSocialCreditCode.problem("91350100M000100Y4")).contains("credit-code.format");
        assertThat(UnifiedSocialCreditCode.problem("91350100M000100Y433")).contains("credit-code.format");
        assertThat(UnifiedSocialCreditCode.problem("91350100M000100Y4I")).contains("credit-code.format");
        assertThat(UnifiedSocialCreditCode.problem("91350100m000100y43")).contains("credit-code.format");
        assertThat(UnifiedSocialCreditCode.problem(withCheck("B1350100M000100Y4")))
                .contains("credit-code.registration-authority");
        assertThat(UnifiedSocialCreditCode.problem(withCheck("90350100M000100Y4")))
                .contains("credit-code.organization-type");
        assertThat(UnifiedSocialCreditCode.problem(withCheck("91990100M000100Y4"))).contains("credit-code.division");
        assertThat(UnifiedSocialCreditCode.problem(withCheck("91350100M000100Y5")))
                .contains("credit-code.organization-code");
        assertThat(UnifiedSocialCreditCode.problem("91350100M000100Y44")).contains("credit-code.checksum");
    }

    @Test
    void nationalRegistrationsUseDivision100000() {
        assertThat(UnifiedSocialCreditCode.problem(withCheck("91100000600037341"))).isEmpty();
        assertThat(UnifiedSocialCreditCode.problem(withCheck("91100100600037341"))).contains("credit-code.division");
    }

    @Test
    void normalizeUndoesLowerCaseAndBlanks() {
        assertThat(UnifiedSocialCreditCode.normalize(" 91350100m000100y43 ")).isEqualTo("91350100M000100Y43");
        assertThat(UnifiedSocialCreditCode.normalize(null)).isNull();
    }

    @Test
    void checkCharacterRefusesWhatIsNotACode() {
        assertThatThrownBy(() -> UnifiedSocialCreditCode.checkCharacter("9135")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnifiedSocialCreditCode.checkCharacter("91350100M000100I4"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnifiedSocialCreditCode.organizationCheckCharacter("m000100y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String withCheck(String first17) {
        return first17 + UnifiedSocialCreditCode.checkCharacter(first17);
    }
}
