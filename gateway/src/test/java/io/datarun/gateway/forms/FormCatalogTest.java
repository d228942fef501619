package io.datarun.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.gateway.grants.GrantBook;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormCatalogTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    /** Written by clerks through forms, not fed by a departmental system: not counted as prefillable. */
    static final Set<String> CLERK_DATASETS = Set.of("civil-affairs.household-income");

    @Test
    void demoFormsAreThreeAndAtLeastEightyPercentOfEachIsPrefillableFromTheDemoFeeds() {
        FormCatalog forms = FormCatalog.load(Path.of("../deploy/config/forms"), REGISTRY);

        assertThat(forms.all()).extracting(FormDefinition::id)
                .containsExactly("disability-subsidy", "minimum-living-allowance", "senior-citizen-allowance");
        for (FormDefinition form : forms.all()) {
            long fromFeeds = form.fields().stream()
                    .filter(f -> f.sources().stream().anyMatch(s -> !CLERK_DATASETS.contains(s.dataset())))
                    .count();
            assertThat((double) fromFeeds / form.fields().size())
                    .as("share of %s's fields a demo feed fills", form.id())
                    .isGreaterThanOrEqualTo(0.8);
            assertThat(form.fields()).as("%s asks the clerk for something", form.id())
                    .anyMatch(f -> f.manual().isPresent());
        }
    }

    /** A clerk reads 已婚, not MARRIED: every option of a demo form's enum field is labelled from its dataset's schema. */
    @Test
    void enumOptionsOfTheDemoFormsCarryTheLabelsOfTheirSources() {
        FormCatalog forms = FormCatalog.load(Path.of("../deploy/config/forms"), REGISTRY);
        FormField marital = forms.get("minimum-living-allowance").orElseThrow().field("maritalStatus").orElseThrow();
        assertThat(marital.optionLabels().get("MARRIED")).containsEntry("zh-CN", "已婚").containsEntry("en", "Married");
        assertThat(marital.optionLabels().keySet()).containsExactlyElementsOf(marital.constraints().options());
        forms.all().forEach(form -> form.fields().stream().filter(f -> f.type().equals("enum")).forEach(f ->
                assertThat(f.optionLabels().keySet()).as(form.id() + "." + f.name())
                        .containsExactlyInAnyOrderElementsOf(f.constraints().options())));
    }

    @Test
    void demoGrantsLoadWithTheGrantOnWhatClerksTyped() {
        io.datarun.gateway.grants.GrantBook grants = io.datarun.gateway.grants.GrantBook.load(
                Path.of("../deploy/config/grants.yaml"), REGISTRY);

        assertThat(grants.grants()).anyMatch(g -> g.dataset().equals("civil-affairs.household-income")
                && g.consumer().equals("health") && g.fields().contains("contactPhone"));
        assertThat(grants.purposes()).containsKeys("minimum-living-allowance", "senior-citizen-allowance",
                "disability-subsidy");
        FormCatalog.load(Path.of("../deploy/config/forms"), REGISTRY).all()
                .forEach(form -> assertThat(grants.isRegistered(form.purpose())).as(form.id()).isTrue());
    }

    @Test
    void demoFormsAskManuallyForNothingTheCatalogAlreadyHolds() {
        FormCatalog forms = FormCatalog.load(Path.of("../deploy/config/forms"), REGISTRY);

        forms.all().forEach(form -> assertThat(FormCatalog.manualFieldsHeldElsewhere(form, REGISTRY)).isEmpty());
    }

    @Test
    void whenAFormAsksManuallyForAFieldADatasetHoldsThenTheWarningNamesTheDataset(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("phone.yaml"), """
                id: phone-survey
                version: 1
                fields:
                  - name: phone
                    label: {zh-CN: 手机号码, en: Mobile number}
                    type: mobile
                    manual: {dataset: civil-affairs.household-income, field: contactPhone}
                """);
        FormDefinition form = FormCatalog.load(dir, REGISTRY).get("phone-survey").orElseThrow();

        List<String> warnings = FormCatalog.manualFieldsHeldElsewhere(form, REGISTRY);

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("phone-survey", "'phone'", "human-resources-social-security.employment",
                "'mobile'", "phone.yaml");
    }

    @Test
    void whenAFieldReadsTheDatasetThatHoldsItThenNoWarning(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("phone.yaml"), """
                id: phone-survey
                version: 1
                fields:
                  - name: phone
                    label: {zh-CN: 手机号码, en: Mobile number}
                    type: mobile
                    sources: [human-resources-social-security.employment.mobile]
                    manual: {dataset: civil-affairs.household-income, field: contactPhone}
                """);
        FormDefinition form = FormCatalog.load(dir, REGISTRY).get("phone-survey").orElseThrow();

        assertThat(FormCatalog.manualFieldsHeldElsewhere(form, REGISTRY)).isEmpty();
    }

    @Test
    void whenAFormWritesBackWithoutReadingADivisionThenAWarningSaysSubmissionsNeedOne() {
        FormCatalog demo = FormCatalog.load(Path.of("../deploy/config/forms"), REGISTRY);
        FormCatalog test = FormCatalog.load(Path.of("src/test/resources/forms"), REGISTRY);

        demo.all().forEach(form -> assertThat(FormCatalog.writeBacksWithoutDivision(form, REGISTRY)).isEmpty());
        assertThat(FormCatalog.writeBacksWithoutDivision(test.get("allowance-review").orElseThrow(), REGISTRY))
                .singleElement().asString().contains("allowance-review", "civil-affairs.household-income");
    }

    @Test
    void whenASourceNamesAnUnknownDatasetThenLoadingFailsWithTheFileAndKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), """
                id: broken
                version: 1
                fields:
                  - name: name
                    type: text
                    sources: [public-security.household-registry.name]
                  - name: income
                    type: number
                    sources: [tax.income-declarations.monthlyIncome]
                """);

        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken.yaml: fields[1].sources[0]: unknown dataset 'tax.income-declarations' "
                        + "(field 'income')")
                .hasMessageEndingWith("(line 9)");
    }

    @Test
    void whenAManualTargetNamesAnUnknownFieldThenLoadingFailsWithTheFileAndKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), """
                id: broken
                version: 1
                fields:
                  - name: income
                    type: number
                    manual: {dataset: civil-affairs.household-income, field: salary}
                """);

        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY))
                .hasMessageContaining("broken.yaml: fields[0].manual: 'salary' is not a field of "
                        + "civil-affairs.household-income (field 'income')")
                .hasMessageEndingWith("(line 6)");
    }

    /** The shipped forms read amounts exactly: the decimal first, an older record's double after it, both written back. */
    @Test
    void amountFieldsOfTheDemoFormsReadTheDecimalWithTheDoubleAsFallbackAndWriteBothBack() {
        FormCatalog forms = FormCatalog.load(Path.of("../deploy/config/forms"), REGISTRY);
        FormField pension = forms.get("senior-citizen-allowance").orElseThrow().field("monthlyPensionYuan").orElseThrow();
        assertThat(pension.sources()).extracting(SourceRef::field).containsExactly("monthlyPension", "monthlyPensionYuan");
        assertThat(pension.scale()).isEqualTo(2);
        FormField income = forms.get("minimum-living-allowance").orElseThrow().field("monthlyIncomeYuan").orElseThrow();
        assertThat(income.writeTo()).extracting(SourceRef::field).containsExactly("monthlyIncome", "monthlyIncomeYuan");
        assertThat(forms.get("minimum-living-allowance").orElseThrow().field("name").orElseThrow().scale()).isNull();
    }

    @Test
    void whenOneFieldReadsTwoFieldsOfADatasetOfDifferentKindsThenLoadingFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mixed.yaml"), """
                id: mixed
                version: 1
                fields:
                  - name: income
                    type: number
                    sources: [civil-affairs.household-income.monthlyIncome, civil-affairs.household-income.bankName]
                """);

        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY))
                .hasMessageContaining("mixed.yaml: fields[0].sources: 'monthlyIncome' and 'bankName' of "
                        + "civil-affairs.household-income are read as one value")
                .hasMessageContaining("found number and string");
    }

    @Test
    void whenAFieldHasNeitherSourcesNorManualOrAnUnknownTypeThenLoadingFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\nfields:\n  - {name: x, type: text}\n");
        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY))
                .hasMessageContaining("a.yaml: fields[0]: field 'x' needs 'sources'").hasMessageEndingWith("(line 4)");

        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\nfields:\n  - {name: x, type: colour, "
                + "sources: [public-security.household-registry.name]}\n");
        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY))
                .hasMessageContaining("a.yaml: fields[0].type: expected one of [boolean, date, ").hasMessageContaining("found 'colour'");
    }

    @Test
    void whenAFormHasAnUnknownKeyThenLoadingFailsNamingTheFileLineAndAllowedKeys(@TempDir Path dir) throws IOException {
        String field = "  - name: x\n    type: text\n    sources: [public-security.household-registry.name]\n";
        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\ntitel: {zh-CN: 甲}\nfields:\n" + field);
        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY)).hasMessageContaining("a.yaml: titel: unknown key; expected "
                + "one of fields, household, id, purpose, subjectType, title, version (line 3)");

        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\nfields:\n" + field + "    lable: {zh-CN: 甲}\n");
        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY)).hasMessageContaining("a.yaml: fields[0].lable: unknown "
                + "key; expected one of constraints, label, manual, name, sources, type, whenAbsent (line 7)");

        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\nfields:\n" + field + "    constraints: {minimum: 1}\n");
        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY)).hasMessageContaining("a.yaml: fields[0].constraints.minimum: "
                + "unknown key; expected one of max, maxLength, min, options, pattern, required (line 7)");

        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 0\nfields:\n" + field);
        assertThatThrownBy(() -> FormCatalog.load(dir, REGISTRY))
                .hasMessageContaining("a.yaml: version: expected a whole number >= 1, found 0 (line 2)");
    }

    @Test
    void whenAFormHasTwoVersionsThenTheHighestIsServed(@TempDir Path dir) throws IOException {
        String body = "fields:\n  - {name: x, type: text, sources: [public-security.household-registry.name]}\n";
        Files.writeString(dir.resolve("a1.yaml"), "id: a\nversion: 1\n" + body);
        Files.writeString(dir.resolve("a2.yaml"), "id: a\nversion: 2\n" + body);

        assertThat(FormCatalog.load(dir, REGISTRY).get("a").orElseThrow().version()).isEqualTo(2);
    }
}
