package io.datarun.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.gateway.failure.NoGrant;
import io.datarun.gateway.failure.RecordNotFound;
import io.datarun.gateway.reads.ReadOutcome;
import io.datarun.gateway.reads.RecordView;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The prefill rules, case by case, on the shipped schemas and without any I/O. */
class PrefillMergeTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    static final String REGISTRY_DS = "public-security.household-registry";
    static final String MARITAL_DS = "civil-affairs.marital-status";
    static final String INCOME_DS = "civil-affairs.household-income";
    static final PrefillMerge MERGE = new PrefillMerge(id -> REGISTRY.latest(id).orElseThrow());

    static FormField field(String name, SourceRef... sources) {
        return new FormField(name, Map.of("en", name), "text", FormField.Constraints.NONE, List.of(sources), Optional.empty());
    }

    static ReadOutcome served(String dataset, Map<String, Object> fields, String... withheld) {
        return new ReadOutcome.Served(new RecordView(dataset, "110101195803215030", 1, "p", fields, List.of(withheld)));
    }

    static Map<String, ReadOutcome> answers(Object... pairs) {
        Map<String, ReadOutcome> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ReadOutcome) pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aSingleSourceValueIsPrefilledAndNamesItsOwnerAndDataset() {
        FieldPrefill filled = MERGE.fill(field("name", new SourceRef(REGISTRY_DS, "name")),
                answers(REGISTRY_DS, served(REGISTRY_DS, Map.of("name", "张三"))));

        assertThat(filled.status()).isEqualTo(FieldPrefill.PREFILLED);
        assertThat(filled.value()).isEqualTo("张三");
        assertThat(filled.source().department()).isEqualTo("public-security");
        assertThat(filled.source().dataset()).isEqualTo(REGISTRY_DS);
    }

    @Test
    void sourcesThatAgreeArePrefilledWithEveryCandidateListed() {
        FormField name = field("name", new SourceRef(REGISTRY_DS, "name"), new SourceRef(MARITAL_DS, "name"));
        FieldPrefill filled = MERGE.fill(name, answers(REGISTRY_DS, served(REGISTRY_DS, Map.of("name", "张三")),
                MARITAL_DS, served(MARITAL_DS, Map.of("name", "张三"))));

        assertThat(filled.status()).isEqualTo(FieldPrefill.PREFILLED);
        assertThat(filled.candidates()).hasSize(2);
    }

    @Test
    void sourcesThatDisagreeAreAConflictWithNoValueChosen() {
        FormField name = field("name", new SourceRef(REGISTRY_DS, "name"), new SourceRef(MARITAL_DS, "name"));
        FieldPrefill filled = MERGE.fill(name, answers(REGISTRY_DS, served(REGISTRY_DS, Map.of("name", "张三")),
                MARITAL_DS, served(MARITAL_DS, Map.of("name", "张叁"))));

        assertThat(filled.status()).isEqualTo(FieldPrefill.CONFLICT);
        assertThat(filled.value()).isNull();
        assertThat(filled.candidates()).extracting(FieldPrefill.Source::value).containsExactly("张三", "张叁");
        assertThat(PrefillMerge.locked(List.of(filled))).containsEntry("name", List.of("张三", "张叁"));
    }

    @Test
    void aSourceTheDepartmentMayNotReadWithholdsTheFieldAndShowsNoValue() {
        FieldPrefill refused = MERGE.fill(field("name", new SourceRef(REGISTRY_DS, "name")),
                answers(REGISTRY_DS, new ReadOutcome.Refused(new NoGrant("no"))));
        FieldPrefill fieldWithheld = MERGE.fill(field("ethnicity", new SourceRef(REGISTRY_DS, "ethnicity")),
                answers(REGISTRY_DS, served(REGISTRY_DS, Map.of("name", "张三"), "ethnicity")));

        assertThat(refused.status()).isEqualTo(FieldPrefill.WITHHELD);
        assertThat(refused.withheldBy()).containsExactly(REGISTRY_DS);
        assertThat(fieldWithheld.status()).isEqualTo(FieldPrefill.WITHHELD);
        assertThat(fieldWithheld.value()).isNull();
        assertThat(PrefillMerge.locked(List.of(refused, fieldWithheld))).isEmpty();
    }

    @Test
    void aValueFoundElsewhereWinsOverAWithheldSource() {
        FormField name = field("name", new SourceRef(REGISTRY_DS, "name"), new SourceRef(MARITAL_DS, "name"));
        FieldPrefill filled = MERGE.fill(name, answers(REGISTRY_DS, new ReadOutcome.Refused(new NoGrant("no")),
                MARITAL_DS, served(MARITAL_DS, Map.of("name", "张三"))));

        assertThat(filled.status()).isEqualTo(FieldPrefill.PREFILLED);
        assertThat(filled.source().dataset()).isEqualTo(MARITAL_DS);
    }

    /** The decimal and the older double of one record are one amount: the decimal answers, the double only stands in. */
    @Test
    void twoFieldsOfOneRecordAreOneDatumTheFirstHeldAnsweringAndAnOlderDoubleAtTheDecimalsScale() {
        String pensionDs = "human-resources-social-security.pension-insurance";
        FormField pension = field("pension", new SourceRef(pensionDs, "monthlyPension"),
                new SourceRef(pensionDs, "monthlyPensionYuan"));
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("monthlyPension", new java.math.BigDecimal("3120.40"));
        both.put("monthlyPensionYuan", 3120.4000000000005);
        FieldPrefill exact = MERGE.fill(pension, answers(pensionDs, served(pensionDs, both)));
        assertThat(exact.status()).isEqualTo(FieldPrefill.PREFILLED);
        assertThat(exact.value()).hasToString("3120.40");
        assertThat(exact.candidates()).as("no second source: one record").isNull();
        assertThat(exact.source().field()).isEqualTo("monthlyPension");
        assertThat(exact.source().fallbackFor()).isNull();

        Map<String, Object> older = new LinkedHashMap<>();
        older.put("monthlyPension", null);
        older.put("monthlyPensionYuan", 3120.4);
        FieldPrefill fallback = MERGE.fill(pension, answers(pensionDs, served(pensionDs, older)));
        assertThat(fallback.status()).isEqualTo(FieldPrefill.PREFILLED);
        assertThat(fallback.value()).hasToString("3120.40");
        assertThat(fallback.source().field()).isEqualTo("monthlyPensionYuan");
        assertThat(fallback.source().fallbackFor()).isEqualTo("monthlyPension");

        // a grant that leaves the decimal out still lets the double answer
        FieldPrefill withheldDecimal = MERGE.fill(pension, answers(pensionDs,
                served(pensionDs, Map.of("monthlyPensionYuan", 3120.4), "monthlyPension")));
        assertThat(withheldDecimal.status()).isEqualTo(FieldPrefill.PREFILLED);
        assertThat(withheldDecimal.source().fallbackFor()).isEqualTo("monthlyPension");
    }

    @Test
    void noRecordAndBlankValuesLeaveTheFieldToTheClerkWithItsWriteBack() {
        SourceRef target = new SourceRef(INCOME_DS, "contactPhone");
        FormField phone = new FormField("phone", Map.of("en", "Phone"), "text", FormField.Constraints.NONE,
                List.of(new SourceRef(REGISTRY_DS, "name")), Optional.of(target));
        FieldPrefill filled = MERGE.fill(phone, answers(REGISTRY_DS, served(REGISTRY_DS, Map.of("name", " ")),
                INCOME_DS, new ReadOutcome.NotFound(new RecordNotFound("none"))));

        assertThat(filled.status()).isEqualTo(FieldPrefill.MANUAL);
        assertThat(filled.writeBack()).isEqualTo(target.toString());
        assertThat(PrefillMerge.locked(List.of(filled))).isEmpty();
    }

    static final String ROLL_DS = "civil-affairs.minimum-living-allowance";

    static FormField rollStatus() {
        return new FormField("status", Map.of("en", "Status"), "enum", FormField.Constraints.NONE,
                List.of(new SourceRef(ROLL_DS, "status")), Optional.empty(), Map.of(), Map.of("zh-CN", "未在保"));
    }

    static ReadOutcome notFound() {
        return new ReadOutcome.NotFound(new RecordNotFound("none"));
    }

    @Test
    void noRecordWhereTheGrantReachesIsAbsentWithTheFormsWords() {
        FieldPrefill filled = MERGE.fill(rollStatus(), answers(ROLL_DS, notFound()),
                new PrefillMerge.Reach("civil-affairs", Map.of(ROLL_DS, java.util.Set.of("status", "residentId"))));

        assertThat(filled.status()).isEqualTo(FieldPrefill.ABSENT);
        assertThat(filled.value()).isNull();
        assertThat(filled.absentIn()).containsExactly(ROLL_DS);
        assertThat(filled.absentLabel()).containsEntry("zh-CN", "未在保");
    }

    @Test
    void noRecordOutOfReachOrOfAFieldTheGrantLeavesOutOrOfAFieldWithoutWordsForItIsManual() {
        Map<String, ReadOutcome> none = answers(ROLL_DS, notFound());
        assertThat(MERGE.fill(rollStatus(), none, new PrefillMerge.Reach("civil-affairs", Map.of())).status())
                .isEqualTo(FieldPrefill.MANUAL);
        assertThat(MERGE.fill(rollStatus(), none, new PrefillMerge.Reach("health", Map.of(ROLL_DS, java.util.Set.of("residentId"))))
                .status()).isEqualTo(FieldPrefill.MANUAL);
        assertThat(MERGE.fill(field("status", new SourceRef(ROLL_DS, "status")), none,
                new PrefillMerge.Reach("civil-affairs", Map.of(ROLL_DS, java.util.Set.of("status")))).status())
                .isEqualTo(FieldPrefill.MANUAL);
        // no grant at all stays withheld
        assertThat(MERGE.fill(rollStatus(), answers(ROLL_DS, new ReadOutcome.Refused(NoGrant.on("health", ROLL_DS, "p"))),
                new PrefillMerge.Reach("health", Map.of(ROLL_DS, java.util.Set.of("status")))).status())
                .isEqualTo(FieldPrefill.WITHHELD);
    }

    @Test
    void aValueOnlyTheClerksOwnDepartmentHoldsInAFieldWrittenBackThereIsCorrectable() {
        SourceRef account = new SourceRef(INCOME_DS, "bankAccount");
        FormField field = new FormField("bankAccount", Map.of("en", "Account"), "text", FormField.Constraints.NONE,
                List.of(account), Optional.of(account));
        Map<String, ReadOutcome> answers = answers(INCOME_DS, served(INCOME_DS, Map.of("bankAccount", "6222020200112233445")));

        FieldPrefill own = MERGE.fill(field, answers, new PrefillMerge.Reach("civil-affairs", Map.of()));
        assertThat(own.correctable()).isTrue();
        assertThat(own.writeBack()).isEqualTo(INCOME_DS + ".bankAccount");
        assertThat(MERGE.fill(field, answers, new PrefillMerge.Reach("health", Map.of())).correctable()).isNull();
        // another department's value in a field written back by the clerk's department: locked
        FormField name = new FormField("name", Map.of("en", "Name"), "text", FormField.Constraints.NONE,
                List.of(new SourceRef(REGISTRY_DS, "name")), Optional.of(new SourceRef(INCOME_DS, "bankName")));
        assertThat(MERGE.fill(name, answers(REGISTRY_DS, served(REGISTRY_DS, Map.of("name", "张三"))),
                new PrefillMerge.Reach("civil-affairs", Map.of())).correctable()).isNull();
        assertThat(PrefillMerge.named(List.of(own), null)).containsExactly("bankAccount");
    }
}
