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
}
