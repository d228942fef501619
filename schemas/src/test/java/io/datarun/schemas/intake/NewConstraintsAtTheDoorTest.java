package io.datarun.schemas.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.Violation;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** credit-code, mobile, postal-code and disability-grade as the schemas of the departments use them. */
class NewConstraintsAtTheDoorTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    private final RecordAssembler assembler = new RecordAssembler();

    private static Map<String, Object> enterprise() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("creditCode", "91350100M000100Y43");
        raw.put("name", "福州示例科技有限公司");
        raw.put("legalRepresentative", "王伟");
        raw.put("establishedOn", "2015-10-08");
        raw.put("address", "福建省福州市鼓楼区五四路1号");
        raw.put("postalCode", "350001");
        raw.put("divisionCode", "350102");
        raw.put("status", "OPERATING");
        raw.put("updatedAt", LocalDateTime.of(2025, 5, 30, 9, 0));
        return raw;
    }

    @Test
    void enterpriseDatasetIsKeyedByTheCreditCode() {
        DatasetDescriptor dataset = REGISTRY.latest("market-regulation.enterprises").orElseThrow();
        assertThat(dataset.subjectType()).isEqualTo(SubjectType.ENTERPRISE);
        assertThat(dataset.field(dataset.subjectField()).orElseThrow().constraint()).contains("credit-code");
    }

    @Test
    void validEnterpriseIsAcceptedAndLowerCaseCodeNormalized() {
        DatasetDescriptor dataset = REGISTRY.latest("market-regulation.enterprises").orElseThrow();
        Map<String, Object> raw = enterprise();
        raw.put("creditCode", "91350100m000100y43");
        RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
        assertThat(assembly.violations()).isEmpty();
        assertThat(assembly.record().get("creditCode")).isEqualTo("91350100M000100Y43");
    }

    @Test
    void badCreditCodeAndPostalCodeAreReportedOnTheirFields() {
        DatasetDescriptor dataset = REGISTRY.latest("market-regulation.enterprises").orElseThrow();
        Map<String, Object> raw = enterprise();
        raw.put("creditCode", "91350100M000100Y44");
        raw.put("postalCode", "950001");
        assertThat(assembler.assemble(dataset, raw).violations()).extracting(Violation::field, Violation::code)
                .containsExactlyInAnyOrder(tuple("creditCode", "credit-code.checksum"),
                        tuple("postalCode", "postal-code.format"));
    }

    @Test
    void mobileAndEmployerCreditCodeAreCheckedWhenPresent() {
        DatasetDescriptor dataset = REGISTRY.latest("human-resources-social-security.employment").orElseThrow();
        Map<String, Object> raw = new HashMap<>();
        raw.put("residentId", "11010519491231002X");
        raw.put("status", "UNEMPLOYED");
        raw.put("since", "2024-03-01");
        raw.put("divisionCode", "110105");
        raw.put("updatedAt", "2025-05-30T09:00:00");
        assertThat(assembler.assemble(dataset, raw).violations()).isEmpty();
        raw.put("mobile", "12345678901");
        raw.put("employerCreditCode", "91110000600037341X");
        assertThat(assembler.assemble(dataset, raw).violations()).extracting(Violation::field, Violation::code)
                .containsExactlyInAnyOrder(tuple("mobile", "mobile.format"),
                        tuple("employerCreditCode", "credit-code.checksum"));
    }

    @Test
    void disabilityGradeRunsFromOneToFour() {
        DatasetDescriptor dataset = REGISTRY.latest("civil-affairs.disability-certificates").orElseThrow();
        Map<String, Object> raw = new HashMap<>();
        raw.put("residentId", "11010519491231002X");
        raw.put("certificateNumber", "11010519491231002X42");
        raw.put("category", "PHYSICAL");
        raw.put("issuedOn", "2020-01-02");
        raw.put("validUntil", "2030-01-02");
        raw.put("divisionCode", "110105");
        raw.put("updatedAt", "2025-05-30T09:00:00");
        for (int grade = 1; grade <= 4; grade++) {
            raw.put("grade", grade);
            assertThat(assembler.assemble(dataset, raw).violations()).as("grade " + grade).isEmpty();
        }
        for (int grade : new int[] {0, 5, -1}) {
            raw.put("grade", grade);
            assertThat(assembler.assemble(dataset, raw).violations()).extracting(Violation::field, Violation::code)
                    .containsExactly(tuple("grade", "disability-grade.range"));
        }
    }
}
