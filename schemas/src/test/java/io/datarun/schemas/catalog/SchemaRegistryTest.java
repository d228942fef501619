package io.datarun.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.publicsecurity.HouseholdRegistry;
import io.datarun.schemas.validation.RecordValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
    private static final Path AVRO_SOURCES = Path.of("src/main/avro");

    private final SchemaRegistry registry = SchemaRegistry.load();

    private static List<String> indexEntries() throws IOException {
        try (InputStream in = SchemaRegistryTest.class.getClassLoader()
                .getResourceAsStream(SchemaRegistry.RESOURCE_ROOT + "index.txt")) {
            assertThat(in).as("datarun/schemas/index.txt on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
    }

    @Test
    void indexListsExactlyTheSchemaFilesOfTheSourceFolder() throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(AVRO_SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".avsc"))
                    .map(p -> AVRO_SOURCES.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(indexEntries()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void householdRegistryIsLoaded() {
        DatasetDescriptor household = registry.latest("public-security.household-registry").orElseThrow();
        assertThat(household.owner()).isEqualTo("public-security");
        assertThat(household.subjectType()).isEqualTo(SubjectType.PERSON);
        assertThat(household.subjectField()).isEqualTo("residentId");
        assertThat(household.title()).containsEntry("zh-CN", "户籍登记信息");
        assertThat(household.classifications()).containsEntry("residentId", Classification.SENSITIVE);
        assertThat(registry.contains("public-security.household-registry")).isTrue();
        assertThat(registry.contains("nobody.nothing")).isFalse();
        assertThat(registry.latest("nobody.nothing")).isEmpty();
        assertThat(registry.versions("nobody.nothing")).isEmpty();
    }

    @Test
    void everyFieldOfEverySchemaIsClassifiedLabelledAndConstrainedByKnownRules() {
        for (String id : registry.datasetIds()) {
            for (DatasetDescriptor version : registry.versions(id)) {
                for (FieldDescriptor field : version.fields()) {
                    String where = id + " v" + version.version() + " field " + field.name();
                    assertThat(field.classification()).as(where).isNotNull();
                    assertThat(field.labels()).as(where + " labels").containsKeys("zh-CN", "en");
                    field.constraint().ifPresent(constraint ->
                            assertThat(RecordValidator.knows(constraint)).as(where + " constraint " + constraint).isTrue());
                    if (field.valueSchema().getType() == org.apache.avro.Schema.Type.ENUM) {
                        // a clerk sees 已婚, never MARRIED: every code has its labels in the schema
                        assertThat(field.symbolLabels().keySet()).as(where + " symbol labels")
                                .containsExactlyElementsOf(field.valueSchema().getEnumSymbols());
                        field.symbolLabels().forEach((symbol, labels) ->
                                assertThat(labels).as(where + " " + symbol).containsKeys("zh-CN", "en"));
                    }
                }
            }
        }
    }

    @Test
    void enumSymbolsCarryTheirLabels() {
        FieldDescriptor marital = registry.latest("civil-affairs.marital-status").orElseThrow().field("maritalStatus").orElseThrow();
        assertThat(marital.symbolLabels().get("MARRIED")).containsEntry("zh-CN", "已婚").containsEntry("en", "Married");
        FieldDescriptor name = registry.latest("public-security.household-registry").orElseThrow().field("name").orElseThrow();
        assertThat(name.symbolLabels()).isEmpty();
    }

    @Test
    void crossFieldConstraintsNameAnExistingField() {
        for (DatasetDescriptor dataset : registry.latestOfEach()) {
            for (FieldDescriptor field : dataset.fields()) {
                field.constraint().filter(c -> c.contains(":")).ifPresent(constraint ->
                        assertThat(dataset.field(constraint.substring(constraint.indexOf(':') + 1)))
                                .as(dataset.id() + "." + field.name() + " " + constraint).isPresent());
            }
        }
    }

    @Test
    void eachVersionCanReadEveryOlderVersion() {
        for (String id : registry.datasetIds()) {
            List<DatasetDescriptor> versions = registry.versions(id);
            DatasetDescriptor newest = versions.get(versions.size() - 1);
            for (DatasetDescriptor older : versions) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(newest.schema(), older.schema()).getType())
                        .as(id + " v" + newest.version() + " reads v" + older.version())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void generatedHouseholdRegistryClassIsTheNewestVersion() {
        Schema newest = registry.latest("public-security.household-registry").orElseThrow().schema();
        assertThat(SchemaRegistry.fingerprint(HouseholdRegistry.getClassSchema()))
                .isEqualTo(SchemaRegistry.fingerprint(newest));
    }

    /** Guards the include list of avro-maven-plugin: one generated class per dataset, at its newest version. */
    @Test
    void everyDatasetHasAGeneratedClassOfItsNewestVersion() throws ReflectiveOperationException {
        for (DatasetDescriptor dataset : registry.latestOfEach()) {
            Class<?> generated = Class.forName(dataset.schema().getFullName());
            Schema schema = (Schema) generated.getMethod("getClassSchema").invoke(null);
            assertThat(SchemaRegistry.fingerprint(schema)).as(dataset.id() + " generated class")
                    .isEqualTo(SchemaRegistry.fingerprint(dataset.schema()));
        }
    }

    @Test
    void schemaStoreFindsEveryShippedVersionByFingerprint() {
        for (String id : registry.datasetIds()) {
            for (DatasetDescriptor version : registry.versions(id)) {
                assertThat(registry.schemaStore().findByFingerprint(SchemaRegistry.fingerprint(version.schema())))
                        .isEqualTo(version.schema());
            }
        }
    }

    @Test
    void ofRefusesTheSameVersionTwice() {
        Schema schema = registry.latest("public-security.household-registry").orElseThrow().schema();
        assertThatThrownBy(() -> SchemaRegistry.of(List.of(schema, schema)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given twice");
    }

    @Test
    void schemaWithoutClassificationIsRefusedWithTheFieldNamed() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Bad", "namespace": "io.datarun.test",
                 "datarun.dataset": "test.bad", "datarun.version": 1, "datarun.owner": "test",
                 "datarun.subjectType": "person", "datarun.subjectField": "id", "datarun.cadence": "P1D",
                 "fields": [{"name": "id", "type": "string"}]}
                """);
        assertThatThrownBy(() -> DatasetDescriptor.of(schema, "test.bad/v1.avsc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.bad/v1.avsc")
                .hasMessageContaining("'id'")
                .hasMessageContaining("datarun.classification");
    }

    @Test
    void whenAVersionIsRegisteredAtRuntimeThenItIsTheNewestAndTheSameVersionAgainIsKnownOrClashes() {
        SchemaRegistry registry = SchemaRegistry.load();
        DatasetDescriptor v1 = registry.latest("health.elderly-health-checkups").orElseThrow();
        org.apache.avro.Schema v2Schema = new org.apache.avro.Schema.Parser().parse(v1.schema().toString()
                .replace("\"datarun.version\":1", "\"datarun.version\":2"));
        DatasetDescriptor v2 = DatasetDescriptor.of(v2Schema, "test");

        assertThat(registry.register(v2)).isEqualTo(SchemaRegistry.Registration.ADDED);
        assertThat(registry.latest("health.elderly-health-checkups").orElseThrow().version()).isEqualTo(2);
        assertThat(registry.register(DatasetDescriptor.of(new org.apache.avro.Schema.Parser().parse(v2Schema.toString()), "again")))
                .isEqualTo(SchemaRegistry.Registration.KNOWN);
        org.apache.avro.Schema other = new org.apache.avro.Schema.Parser().parse(v2Schema.toString()
                .replace("\"P365D\"", "\"P30D\""));
        assertThat(registry.register(DatasetDescriptor.of(other, "other"))).isEqualTo(SchemaRegistry.Registration.CLASHES);
        assertThat(registry.latest("health.elderly-health-checkups").orElseThrow().cadence()).hasToString("PT8760H");
        assertThat(registry.isShipped("health.elderly-health-checkups")).isTrue();
    }
}
