package io.datarun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.validation.UnifiedSocialCreditCode;
import io.datarun.schemas.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DepartmentTablesTest {
    private static final int N = 5000;
    private static final List<DemoResident> RESIDENTS = new DemoResidents().generate(N);
    private static final Map<DemoTable, List<DemoRow>> TABLES = new DepartmentTables().generate(RESIDENTS);
    private static final Map<String, DemoResident> BY_ID = RESIDENTS.stream().filter(r -> !r.isBad())
            .collect(Collectors.toMap(DemoResident::residentId, Function.identity()));
    private static final LocalDateTime UPDATED_AT = LocalDateTime.of(2025, 5, 30, 9, 0);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.load();

    @Test
    void sameSeedAndResidentsGiveTheSameRows() {
        assertThat(new DepartmentTables(DemoResidents.DEFAULT_SEED).generate(new DemoResidents().generate(N)))
                .isEqualTo(TABLES);
        assertThat(new DepartmentTables(42).generate(RESIDENTS).get(DepartmentTables.ENTERPRISES))
                .isNotEqualTo(TABLES.get(DepartmentTables.ENTERPRISES));
    }

    @Test
    void everyTableIsGeneratedWithIdsOneToN() {
        assertThat(TABLES.keySet()).containsExactlyElementsOf(DepartmentTables.ALL);
        TABLES.forEach((table, rows) -> {
            assertThat(rows).as(table.name()).isNotEmpty();
            assertThat(rows).extracting(DemoRow::id).as(table.name())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, rows.size()).boxed().toList());
        });
    }

    @Test
    void everyTableFeedsADatasetOfTheRegistryOwnedByItsDepartmentAndMapsEveryField() {
        for (DemoTable table : DepartmentTables.ALL) {
            DatasetDescriptor dataset = REGISTRY.latest(table.dataset()).orElseThrow();
            assertThat(dataset.owner()).isEqualTo(table.department());
            List<String> mapped = new java.util.ArrayList<>(table.columns().stream()
                    .flatMap(c -> java.util.stream.Stream.concat(java.util.stream.Stream.of(c.field()), c.exactField().stream()))
                    .toList());
            mapped.add("updatedAt");
            assertThat(mapped).as(table.name()).containsExactlyInAnyOrderElementsOf(dataset.fieldNames());
            assertThat(table.columns()).extracting(DemoTable.Column::name)
                    .allSatisfy(name -> assertThat(name).matches("[a-z][a-z0-9_]*"));
        }
    }

    @Test
    void everyGoodRowPassesTheIntakeDoor() {
        RecordAssembler assembler = new RecordAssembler();
        TABLES.forEach((table, rows) -> {
            DatasetDescriptor dataset = REGISTRY.latest(table.dataset()).orElseThrow();
            for (DemoRow row : rows.stream().filter(r -> !r.isBad()).toList()) {
                RecordAssembler.Assembly assembly = assembler.assemble(dataset, table.toFields(row.values(), UPDATED_AT));
                assertThat(assembly.violations()).as(table.name() + " " + row).isEmpty();
            }
        });
    }

    @Test
    void everyBadRowFailsWithItsExpectedCodeAndNothingElse() {
        RecordAssembler assembler = new RecordAssembler();
        TABLES.forEach((table, rows) -> {
            DatasetDescriptor dataset = REGISTRY.latest(table.dataset()).orElseThrow();
            List<DemoRow> bad = rows.stream().filter(DemoRow::isBad).toList();
            assertThat(bad).as(table.name() + " has bad rows").isNotEmpty();
            if (rows.size() >= 2 * DepartmentTables.BAD_EVERY) {
                assertThat(bad).as(table.name()).hasSize(rows.size() / DepartmentTables.BAD_EVERY);
            } else {
                assertThat(bad).as(table.name()).hasSize(2);
            }
            for (DemoRow row : bad) {
                DemoRow.Expected expected = row.expected().orElseThrow();
                assertThat(assembler.assemble(dataset, table.toFields(row.values(), UPDATED_AT)).violations())
                        .as(table.name() + " " + row).extracting(Violation::field, Violation::code)
                        .containsExactly(tuple(expected.field(), expected.code()));
            }
        });
    }

    @Test
    void personRowsAreAboutTheSameResidentsOncePerTable() {
        TABLES.forEach((table, rows) -> {
            if (table == DepartmentTables.ENTERPRISES) {
                return;
            }
            List<DemoRow> good = rows.stream().filter(r -> !r.isBad()).toList();
            assertThat(good).extracting(r -> r.values().get("sfzh")).as(table.name()).doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(BY_ID).containsKey((String) id));
            good.forEach(r -> assertThat(r.values().get("xzqh"))
                    .isEqualTo(BY_ID.get((String) r.values().get("sfzh")).divisionCode()));
        });
    }

    @Test
    void sharesLookLikeTheRealCaseloads() {
        long adults = BY_ID.values().stream().filter(r -> DepartmentTables.age(r) >= 18).count();
        assertThat(TABLES.get(DepartmentTables.MARRIAGE)).hasSize((int) adults);
        long households = RESIDENTS.stream().map(DemoResident::householdNumber).distinct().count();
        long allowanceHouseholds = TABLES.get(DepartmentTables.ALLOWANCE).stream().map(r -> r.values().get("hh")).distinct().count();
        assertThat(allowanceHouseholds * 1000 / households).as("allowance households per mille").isBetween(15L, 50L);
        assertThat(TABLES.get(DepartmentTables.DISABILITY).size() * 1000L / N).as("disability per mille").isBetween(10L, 35L);
        assertThat(rowsOf(DepartmentTables.EMPLOYMENT)).allSatisfy(r -> assertThat(DepartmentTables.age(r)).isBetween(18, 59));
        assertThat(rowsOf(DepartmentTables.PENSION)).allSatisfy(r -> assertThat(DepartmentTables.age(r)).isGreaterThanOrEqualTo(50));
        assertThat(rowsOf(DepartmentTables.CHECKUPS)).isNotEmpty().allSatisfy(r -> {
            assertThat(DepartmentTables.age(r)).isGreaterThanOrEqualTo(65);
            assertThat(DepartmentTables.CHECKUP_DISTRICTS).contains(r.divisionCode());
        });
        assertThat(TABLES.get(DepartmentTables.ENTERPRISES)).hasSize(DepartmentTables.MAX_ENTERPRISES);
    }

    @Test
    void marriedCouplesNameEachOther() {
        Map<Object, Object> spouses = TABLES.get(DepartmentTables.MARRIAGE).stream()
                .filter(r -> !r.isBad() && r.values().get("posfzh") != null)
                .collect(Collectors.toMap(r -> r.values().get("sfzh"), r -> r.values().get("posfzh")));
        assertThat(spouses).hasSizeGreaterThan(1000);
        long mutual = spouses.entrySet().stream().filter(e -> e.getKey().equals(spouses.get(e.getValue()))).count();
        assertThat(mutual).isGreaterThan(spouses.size() * 95L / 100);
        spouses.forEach((a, b) -> assertThat(BY_ID.get((String) a).gender()).isNotEqualTo(BY_ID.get((String) b).gender()));
    }

    @Test
    void enterprisesAreLedByResidentsAndEmployTheEmployed() {
        List<DemoRow> enterprises = TABLES.get(DepartmentTables.ENTERPRISES).stream().filter(r -> !r.isBad()).toList();
        assertThat(enterprises).allSatisfy(e -> {
            DemoResident representative = BY_ID.get((String) e.values().get("fddbrsfzh"));
            assertThat(representative).isNotNull();
            assertThat(e.values().get("fddbr")).isEqualTo(representative.name());
            assertThat(UnifiedSocialCreditCode.problem((String) e.values().get("tyshxydm"))).isEmpty();
            assertThat((String) e.values().get("tyshxydm")).startsWith("91" + e.values().get("xzqh"));
        });
        assertThat(enterprises).extracting(e -> e.values().get("tyshxydm")).doesNotHaveDuplicates();
        assertThat(enterprises).extracting(e -> e.values().get("qymc")).doesNotHaveDuplicates();
        Set<Object> codes = enterprises.stream().map(e -> e.values().get("tyshxydm")).collect(Collectors.toSet());
        List<DemoRow> employed = TABLES.get(DepartmentTables.EMPLOYMENT).stream()
                .filter(r -> !r.isBad() && "1".equals(r.values().get("jyzt"))).toList();
        assertThat(employed).hasSizeGreaterThan(1000)
                .allSatisfy(r -> assertThat(codes).contains(r.values().get("dwxydm")));
    }

    @Test
    void disabilityCertificatesAreStaleByConstruction() {
        assertThat(TABLES.get(DepartmentTables.DISABILITY)).allSatisfy(r ->
                assertThat(r.hoursBeforeSeed()).isGreaterThan(24 * 60));
        TABLES.forEach((table, rows) -> {
            if (table != DepartmentTables.DISABILITY) {
                DatasetDescriptor dataset = REGISTRY.latest(table.dataset()).orElseThrow();
                int newest = rows.stream().mapToInt(DemoRow::hoursBeforeSeed).min().orElseThrow();
                assertThat(newest).as(table.name() + " newest row within its cadence")
                        .isLessThan((int) dataset.cadence().toHours());
            }
        });
    }

    @Test
    void datesAreNotInTheFuture() {
        LocalDate reference = DepartmentTables.REFERENCE;
        TABLES.forEach((table, rows) -> rows.forEach(r -> r.values().forEach((column, value) -> {
            if (value instanceof LocalDate date && !column.equals("yxqz")) {
                assertThat(date).as(table.name() + "." + column).isBeforeOrEqualTo(reference);
            }
        })));
    }

    /** A clerk must meet a real conflict in the demo: some allowance files keep a household's old number. */
    @Test
    void someAllowanceHouseholdsDisagreeWithTheRegistryOnTheirNumberTheRestAgree() {
        List<DemoRow> good = TABLES.get(DepartmentTables.ALLOWANCE).stream().filter(r -> !r.isBad()).toList();
        long stale = 0;
        for (DemoRow row : good) {
            String allowance = (String) row.values().get("hh");
            String registered = BY_ID.get((String) row.values().get("sfzh")).householdNumber();
            if (DepartmentTables.hasStaleHouseholdNumber(allowance)) {
                stale++;
                assertThat(allowance).isNotEqualTo(registered).startsWith(registered.substring(0, 6));
            } else {
                assertThat(allowance).isEqualTo(registered);
            }
        }
        assertThat(stale).isBetween(1L, good.size() / 4L);
    }

    /** The shipped connector declarations are exactly what the tables say (column names, codes, URL variable). */
    @Test
    void connectorDeclarationsMatchTheTables() throws IOException {
        Path declarations = Path.of("../../connectors/declarations");
        for (DemoTable table : DepartmentTables.ALL) {
            Path file = declarations.resolve(table.connector() + ".yaml");
            assertThat(file).as(file.toString()).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(table.declaration());
        }
    }

    private static List<DemoResident> rowsOf(DemoTable table) {
        return TABLES.get(table).stream().filter(r -> !r.isBad())
                .map(r -> BY_ID.get((String) r.values().get("sfzh"))).toList();
    }
}
