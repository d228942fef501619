package io.datarun.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityGateTest {
    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    static final Schema V1 = parse("""
            {"type":"record","name":"Marriage","namespace":"t","fields":[
              {"name":"residentId","type":"string"},
              {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED"]}}]}""");

    @Test
    void shippedSchemasEvolveCompatibly() {
        // the gate the build relies on: a failing line here names dataset, versions, field and rule
        assertThat(CompatibilityGate.check(SchemaRegistry.load())).isEmpty();
    }

    @Test
    void whenANewRequiredFieldHasNoDefaultThenTheFindingNamesDatasetFieldAndRule() {
        Schema v2 = parse("""
                {"type":"record","name":"Marriage","namespace":"t","fields":[
                  {"name":"residentId","type":"string"},
                  {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED"]}},
                  {"name":"spouseId","type":"string"}]}""");
        assertThat(CompatibilityGate.check("civil-affairs.marital-status", 2, v2, 1, V1))
                .singleElement().asString()
                .contains("civil-affairs.marital-status")
                .contains("v2 cannot read records written with v1")
                .contains("spouseId")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("needs a default");
    }

    @Test
    void whenAnEnumLosesASymbolThenTheFindingNamesIt() {
        Schema v2 = parse("""
                {"type":"record","name":"Marriage","namespace":"t","fields":[
                  {"name":"residentId","type":"string"},
                  {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED"]}}]}""");
        assertThat(CompatibilityGate.check("d", 2, v2, 1, V1)).singleElement().asString()
                .contains("/fields/1/type/symbols").contains("DIVORCED").contains("MISSING_ENUM_SYMBOLS");
    }

    @Test
    void whenAFieldIsOnlyAddedWithADefaultThenNothingIsFound() {
        Schema v2 = parse("""
                {"type":"record","name":"Marriage","namespace":"t","fields":[
                  {"name":"residentId","type":"string"},
                  {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED","WIDOWED"]}},
                  {"name":"spouseId","type":["null","string"],"default":null}]}""");
        assertThat(CompatibilityGate.check("d", 2, v2, 1, V1)).isEmpty();
    }

    @Test
    void whenARuntimeVersionAddsAnEnumSymbolThenForwardFailsBecauseOldReadersCannotReadIt() {
        // backward holds (the new version reads old records), but a reader still on v1 would break on DEAD
        Schema v2 = parse("""
                {"type":"record","name":"Marriage","namespace":"t","fields":[
                  {"name":"residentId","type":"string"},
                  {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED","DEAD"]}}]}""");
        DatasetDescriptor v1 = descriptor(V1, 1);
        assertThat(CompatibilityGate.check("x.y", 2, v2, 1, V1)).isEmpty();
        assertThat(CompatibilityGate.checkNewVersion("x.y", 2, v2, java.util.List.of(v1)))
                .singleElement().asString().contains("v1 cannot read records written with v2").contains("MISSING_ENUM_SYMBOLS");
    }

    @Test
    void whenARuntimeVersionOnlyAddsAnOptionalFieldThenBothDirectionsHold() {
        Schema v2 = parse("""
                {"type":"record","name":"Marriage","namespace":"t","fields":[
                  {"name":"residentId","type":"string"},
                  {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED"]}},
                  {"name":"since","type":["null","string"],"default":null}]}""");
        assertThat(CompatibilityGate.checkNewVersion("x.y", 2, v2, java.util.List.of(descriptor(V1, 1)))).isEmpty();
    }

    static DatasetDescriptor descriptor(Schema schema, int version) {
        return new DatasetDescriptor("x.y", version, "x", java.util.Map.of(), SubjectType.PERSON, "residentId",
                java.util.Optional.empty(), java.util.Optional.empty(), java.time.Duration.ofDays(1), java.util.List.of(), schema);
    }
}
