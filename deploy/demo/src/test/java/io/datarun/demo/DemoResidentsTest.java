package io.datarun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datarun.demo.DemoResident.Defect;
import io.datarun.demo.DemoResident.Gender;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.validation.DivisionCode;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.validation.Violation;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoResidentsTest {
    private static final int N = 5000;
    private static final List<DemoResident> RESIDENTS = new DemoResidents().generate(N);

    @Test
    void sameSeedGivesTheSameResidents() {
        assertThat(new DemoResidents(DemoResidents.DEFAULT_SEED).generate(N)).isEqualTo(RESIDENTS);
    }

    @Test
    void otherSeedGivesOtherResidents() {
        List<DemoResident> other = new DemoResidents(42).generate(100);
        assertThat(other.stream().map(DemoResident::residentId).toList())
                .doesNotContainAnyElementsOf(RESIDENTS.subList(0, 100).stream().map(DemoResident::residentId).toList());
    }

    @Test
    void aShorterPopulationIsThePrefixOfALongerOne() {
        assertThat(new DemoResidents().generate(777)).isEqualTo(RESIDENTS.subList(0, 777));
        assertThat(new DemoResidents().generate(0)).isEmpty();
    }

    @Test
    void idsAreOneToNAndResidentIdNumbersAreUnique() {
        assertThat(RESIDENTS).extracting(DemoResident::id)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, N).boxed().toList());
        assertThat(RESIDENTS).extracting(DemoResident::residentId).doesNotHaveDuplicates();
    }

    @Test
    void goodResidentsHaveValidNumbersThatAgreeWithTheirColumns() {
        for (DemoResident r : good()) {
            assertThat(ResidentIdNumber.problem(r.residentId())).as(r.toString()).isEmpty();
            assertThat(ResidentIdNumber.parseBirthDate(r.residentId())).contains(r.birthDate());
            assertThat(ResidentIdNumber.isMale(r.residentId())).contains(r.gender() == Gender.MALE);
            assertThat(r.residentId()).startsWith(r.divisionCode());
            assertThat(DivisionCode.problem(r.divisionCode())).isEmpty();
            assertThat(r.birthDate()).isBetween(DemoResidents.EARLIEST_BIRTH, DemoResidents.LATEST_BIRTH);
            assertThat(r.name()).hasSizeBetween(2, 3);
            assertThat(r.address()).startsWith(r.divisionCode().startsWith("11") ? "北京市" : "浙江省").contains("号", "单元");
            assertThat(r.householdNumber()).startsWith(r.divisionCode());
        }
    }

    @Test
    void populationLooksLikeARealRegistry() {
        Map<String, List<DemoResident>> households = RESIDENTS.stream()
                .collect(Collectors.groupingBy(DemoResident::householdNumber));
        assertThat(households.size()).isBetween(N / 5, N / 2);
        households.values().forEach(members ->
                assertThat(members).extracting(DemoResident::address).containsOnly(members.get(0).address()));
        assertThat(RESIDENTS).extracting(DemoResident::divisionCode)
                .contains("110105", "110108", "330106");
        long han = RESIDENTS.stream().filter(r -> r.ethnicity().equals("汉族")).count();
        assertThat(han).isBetween(N * 80L / 100, N * 98L / 100);
        assertThat(RESIDENTS).extracting(DemoResident::ethnicity).contains("回族", "满族", "蒙古族");
        assertThat(RESIDENTS.stream().filter(r -> r.gender() == Gender.MALE).count()).isBetween(N * 40L / 100, N * 60L / 100);
        assertThat(RESIDENTS.stream().map(DemoResident::hoursBeforeSeed).distinct().count())
                .isLessThanOrEqualTo(DemoResidents.UPDATE_SLOTS).isGreaterThan(10);
        assertThat(RESIDENTS).allSatisfy(r -> assertThat(r.hoursBeforeSeed()).isBetween(1, 24 * 7));
    }

    @Test
    void aboutHalfAPercentAreBadWithEveryKindOfDefect() {
        List<DemoResident> bad = RESIDENTS.stream().filter(DemoResident::isBad).toList();
        assertThat(bad).hasSize(N / DemoResidents.BAD_EVERY);
        assertThat(bad.stream().map(r -> r.defect().orElseThrow()).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(Defect.class));
    }

    @Test
    void everyGoodResidentPassesTheIntakeDoor() {
        DatasetDescriptor household = SchemaRegistry.load().latest(HukouRows.DATASET).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        LocalDateTime updatedAt = LocalDateTime.of(2025, 5, 30, 9, 0);
        for (DemoResident r : good()) {
            RecordAssembler.Assembly assembly = assembler.assemble(household, HukouRows.fromResident(r, updatedAt));
            assertThat(assembly.violations()).as(r.toString()).isEmpty();
            assertThat(assembly.record().get("residentId")).isEqualTo(r.residentId());
        }
    }

    @Test
    void everyBadRowIsRejectedWithTheCodeItWasMadeFor() {
        DatasetDescriptor household = SchemaRegistry.load().latest(HukouRows.DATASET).orElseThrow();
        RecordAssembler assembler = new RecordAssembler();
        for (DemoResident r : RESIDENTS.stream().filter(DemoResident::isBad).toList()) {
            Defect defect = r.defect().orElseThrow();
            List<Violation> violations = assembler.assemble(household,
                    HukouRows.fromResident(r, LocalDateTime.of(2025, 5, 30, 9, 0))).violations();
            assertThat(violations).as(r.toString()).extracting(Violation::field, Violation::code)
                    .containsExactly(tuple(defect.field(), defect.code()));
        }
    }

    private static List<DemoResident> good() {
        List<DemoResident> good = RESIDENTS.stream().filter(r -> !r.isBad()).toList();
        assertThat(good).hasSize(N - N / DemoResidents.BAD_EVERY);
        return good;
    }

    @Test
    void goodAndBadAreKeptApartByDefect() {
        Set<Long> badIds = RESIDENTS.stream().filter(DemoResident::isBad).map(DemoResident::id).collect(Collectors.toSet());
        assertThat(badIds).allSatisfy(id -> assertThat(id % DemoResidents.BAD_EVERY).isZero());
    }
}
