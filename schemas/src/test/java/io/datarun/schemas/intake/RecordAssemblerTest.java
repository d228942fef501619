package io.datarun.schemas.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.validation.Violation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordAssemblerTest {
    private static final String DATASET = "public-security.household-registry";
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    private final DatasetDescriptor household = SchemaRegistry.load().latest(DATASET).orElseThrow();
    private final RecordAssembler assembler = new RecordAssembler(new ValueCoercion(), new RecordValidator(() -> TODAY));

    /** A woman born 1949-12-31 in Chaoyang, Beijing: the GB 11643 example number. */
    static Map<String, Object> validRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("residentId", "11010519491231002X");
        row.put("name", "王秀英");
        row.put("gender", "FEMALE");
        row.put("birthDate", "1949-12-31");
        row.put("ethnicity", "汉族");
        row.put("householdNumber", "110105000321");
        row.put("registeredAddress", "北京市朝阳区建国路88号3单元502");
        row.put("divisionCode", "110105");
        row.put("updatedAt", "2025-05-30 09:15:00");
        return row;
    }

    private static String withCheck(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    @Test
    void validHouseholdRowBecomesAGenericRecord() {
        RecordAssembler.Assembly assembly = assembler.assemble(household, validRow());

        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.isAccepted()).isTrue();
        GenericRecord record = assembly.record();
        assertThat(record.getSchema()).isEqualTo(household.schema());
        assertThat(record.get("residentId")).isEqualTo("11010519491231002X");
        assertThat(record.get("name")).isEqualTo("王秀英");
        assertThat(record.get("gender").toString()).isEqualTo("FEMALE");
        assertThat(record.get("birthDate")).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(record.get("ethnicity")).isEqualTo("汉族");
        assertThat(record.get("divisionCode")).isEqualTo("110105");
        assertThat(record.get("updatedAt"))
                .isEqualTo(LocalDateTime.of(2025, 5, 30, 9, 15).atZone(ValueCoercion.DEFAULT_SOURCE_ZONE).toInstant());
    }

    /** Issue 12, finding 13: a number a double cannot hold is a type error, never an Infinity. */
    @ParameterizedTest
    @ValueSource(strings = {"1e999", "-1e999", "1E400", "1.8e308"})
    void aNumberNoDoubleHoldsIsATypeErrorOfItsField(String number) {
        DatasetDescriptor income = SchemaRegistry.load().latest("civil-affairs.household-income").orElseThrow();
        for (Object raw : new Object[] {new java.math.BigDecimal(number), number}) {
            Map<String, Object> row = new HashMap<>();
            row.put("residentId", "11010519491231002X");
            row.put("monthlyIncomeYuan", raw);
            row.put("divisionCode", "110105");
            row.put("updatedAt", "2025-05-30 09:15:00");

            RecordAssembler.Assembly assembly = assembler.assemble(income, row);

            assertThat(assembly.isAccepted()).as(number).isFalse();
            assertThat(assembly.violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("monthlyIncomeYuan");
                assertThat(v.code()).isEqualTo("type.number");
            });
            row.put("monthlyIncomeYuan", "1.7e308");
            assertThat(assembler.assemble(income, row).isAccepted()).as("the largest doubles still are").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1949-12-31", "19491231", "1949年12月31日", "1949/12/31", "1949.12.31"})
    void birthDateIsReadInEveryCommonFormat(String birthDate) {
        Map<String, Object> row = validRow();
        row.put("birthDate", birthDate);

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.record().get("birthDate")).isEqualTo(LocalDate.of(1949, 12, 31));
    }

    @Test
    void jdbcTypesAreAcceptedAsTheyComeFromADatabase() {
        Map<String, Object> row = validRow();
        row.put("birthDate", java.sql.Date.valueOf(LocalDate.of(1949, 12, 31)));
        row.put("updatedAt", java.sql.Timestamp.valueOf(LocalDateTime.of(2025, 5, 30, 9, 15)));

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.record().get("updatedAt")).isEqualTo(Instant.parse("2025-05-30T01:15:00Z"));
    }

    /** A spreadsheet shows a date-time cell at midnight as a bare date; it is the start of that day in the source zone. */
    @Test
    void aChangeTimeGivenAsBareDateIsMidnightInTheSourceZone() {
        Map<String, Object> row = validRow();
        row.put("updatedAt", "2025-05-30");

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.record().get("updatedAt")).isEqualTo(Instant.parse("2025-05-29T16:00:00Z"));
    }

    @Test
    void optionalEthnicityMayBeAbsent() {
        Map<String, Object> row = validRow();
        row.remove("ethnicity");

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.isAccepted()).isTrue();
        assertThat(assembly.record().get("ethnicity")).isNull();
    }

    @Test
    void lowerCaseCheckCharacterIsNormalizedAtTheDoor() {
        Map<String, Object> row = validRow();
        row.put("residentId", " 11010519491231002x");

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.record().get("residentId")).isEqualTo("11010519491231002X");
    }

    @Test
    void badChecksumIsRejectedOnResidentId() {
        Map<String, Object> row = validRow();
        row.put("residentId", "110105194912310021");

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.isAccepted()).isFalse();
        assertThat(assembly.record()).isNull();
        assertThat(assembly.violations()).extracting(Violation::field, Violation::code)
                .containsExactly(tuple("residentId", "resident-id.checksum"));
        assertThat(assembly.violations().get(0).message()).isEqualTo("fails the GB 11643 checksum");
    }

    @Test
    void birthDateDisagreeingWithTheIdIsAMismatch() {
        Map<String, Object> row = validRow();
        row.put("birthDate", "1949-12-30");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactly(tuple("birthDate", "birth-date.mismatch"));
    }

    @Test
    void genderDisagreeingWithTheIdIsAMismatch() {
        Map<String, Object> row = validRow();
        row.put("gender", "MALE"); // 17th digit 2 is even: a woman

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactly(tuple("gender", "gender.mismatch"));
    }

    @Test
    void oddSequenceDigitMeansMale() {
        Map<String, Object> row = validRow();
        row.put("residentId", withCheck("11010519491231001"));
        row.put("gender", "male");

        RecordAssembler.Assembly assembly = assembler.assemble(household, row);

        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.record().get("gender").toString()).isEqualTo("MALE");
        row.put("gender", "FEMALE");
        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::code)
                .containsExactly("gender.mismatch");
    }

    @Test
    void missingRequiredFieldIsReported() {
        Map<String, Object> row = validRow();
        row.remove("householdNumber");
        row.put("name", "   ");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactlyInAnyOrder(tuple("householdNumber", "required"), tuple("name", "required"));
    }

    @Test
    void unknownFieldIsReported() {
        Map<String, Object> row = validRow();
        row.put("shoeSize", "42");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactly(tuple("shoeSize", "unknown-field"));
    }

    @Test
    void valuesOfTheWrongTypeAreReportedOncePerField() {
        Map<String, Object> row = validRow();
        row.put("birthDate", "sometime in 1949");
        row.put("gender", "F");
        row.put("updatedAt", "yesterday");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactlyInAnyOrder(
                        tuple("birthDate", "type.date"),
                        tuple("gender", "type.enum"),
                        tuple("updatedAt", "type.timestamp"));
    }

    @Test
    void everyProblemOfARowIsReportedTogether() {
        Map<String, Object> row = validRow();
        row.put("residentId", "110105491231002");
        row.put("divisionCode", "990105");
        row.remove("registeredAddress");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactlyInAnyOrder(
                        tuple("residentId", "resident-id.legacy-15"),
                        tuple("divisionCode", "division-code.province"),
                        tuple("registeredAddress", "required"));
    }

    @Test
    void legacyNumberIsReportedOnlyAsLegacy() {
        Map<String, Object> row = validRow();
        row.put("residentId", "110105900102124");
        row.put("birthDate", "1990-01-02");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::field, Violation::code)
                .containsExactly(tuple("residentId", "resident-id.legacy-15"));
    }

    @Test
    void futureBirthDateInTheIdIsRejectedAgainstTheValidatorsClock() {
        Map<String, Object> row = validRow();
        row.put("residentId", withCheck("11010520250602002"));
        row.put("birthDate", "2025-06-02");

        assertThat(assembler.assemble(household, row).violations()).extracting(Violation::code)
                .containsExactly("resident-id.birth-date");
    }
}
