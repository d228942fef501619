package io.datarun.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.intake.RecordAssembler;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    private static final String HOUSEHOLD = "public-security.household-registry";
    private static final String TEST_DATASET = "test.person";

    /** Version 1 of a test-only dataset. */
    private static final String V1 = """
            {"type": "record", "name": "Person", "namespace": "io.datarun.test",
             "datarun.dataset": "test.person", "datarun.version": 1, "datarun.owner": "test",
             "datarun.subjectType": "person", "datarun.subjectField": "id", "datarun.cadence": "P1D",
             "fields": [
               {"name": "id", "type": "string", "datarun.classification": "sensitive"},
               {"name": "name", "type": "string", "datarun.classification": "personal"},
               {"name": "birthDate", "type": {"type": "int", "logicalType": "date"}, "datarun.classification": "personal"}
             ]}
            """;

    /** Version 2 adds an optional phone, a status with a default and a timestamp with a default: compatible. */
    private static final String V2 = """
            {"type": "record", "name": "Person", "namespace": "io.datarun.test",
             "datarun.dataset": "test.person", "datarun.version": 2, "datarun.owner": "test",
             "datarun.subjectType": "person", "datarun.subjectField": "id", "datarun.cadence": "P1D",
             "fields": [
               {"name": "id", "type": "string", "datarun.classification": "sensitive"},
               {"name": "name", "type": "string", "datarun.classification": "personal"},
               {"name": "birthDate", "type": {"type": "int", "logicalType": "date"}, "datarun.classification": "personal"},
               {"name": "phone", "type": ["null", "string"], "default": null, "datarun.classification": "personal"},
               {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["ACTIVE", "MOVED_OUT"]},
                "default": "ACTIVE", "datarun.classification": "internal"},
               {"name": "updatedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 0,
                "datarun.classification": "internal"}
             ]}
            """;

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static Schema v1WithChangedFields(String fields) {
        return parse(V1.replace(V1.substring(V1.indexOf("\"fields\""), V1.lastIndexOf(']') + 1), "\"fields\": " + fields));
    }

    @Test
    void householdRecordSurvivesARoundTripWithEveryValue() {
        SchemaRegistry registry = SchemaRegistry.load();
        RecordCodec codec = new RecordCodec(registry);
        Map<String, Object> row = new HashMap<>();
        row.put("residentId", "11010519491231002X");
        row.put("name", "王秀英");
        row.put("gender", "FEMALE");
        row.put("birthDate", "1949-12-31");
        row.put("ethnicity", "满族");
        row.put("householdNumber", "110105000321");
        row.put("registeredAddress", "北京市朝阳区建国路88号3单元502");
        row.put("divisionCode", "110105");
        Instant updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        row.put("updatedAt", updatedAt);
        RecordAssembler.Assembly assembly = new RecordAssembler().assemble(registry.latest(HOUSEHOLD).orElseThrow(), row);
        assertThat(assembly.violations()).isEmpty();

        byte[] bytes = codec.encode(assembly.record());
        GenericRecord decoded = codec.decode(HOUSEHOLD, bytes);

        assertThat(decoded).isEqualTo(assembly.record());
        // strings decode as Avro Utf8 (the .avsc files do not set avro.java.string): compare as text
        assertThat(decoded.get("residentId")).hasToString("11010519491231002X");
        assertThat(decoded.get("name")).hasToString("王秀英");
        assertThat(decoded.get("gender")).isInstanceOf(GenericData.EnumSymbol.class);
        assertThat(decoded.get("gender").toString()).isEqualTo("FEMALE");
        assertThat(decoded.get("birthDate")).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(decoded.get("ethnicity").toString()).isEqualTo("满族");
        assertThat(decoded.get("updatedAt")).isEqualTo(updatedAt);
    }

    @Test
    void encodedRecordStartsWithTheSingleObjectHeaderAndWriterFingerprint() {
        SchemaRegistry registry = SchemaRegistry.of(List.of(parse(V1)));
        Schema v1 = registry.latest(TEST_DATASET).orElseThrow().schema();
        GenericRecord record = new GenericRecordBuilder(v1)
                .set("id", "11010519491231002X").set("name", "王秀英").set("birthDate", LocalDate.of(1949, 12, 31))
                .build();

        ByteBuffer bytes = ByteBuffer.wrap(new RecordCodec(registry).encode(record)).order(java.nio.ByteOrder.LITTLE_ENDIAN);

        assertThat(bytes.get()).isEqualTo((byte) 0xC3);
        assertThat(bytes.get()).isEqualTo((byte) 0x01);
        assertThat(bytes.getLong()).isEqualTo(SchemaRegistry.fingerprint(v1));
    }

    @Test
    void recordWrittenWithAnOlderVersionIsDecodedIntoTheNewest() {
        Schema v1 = parse(V1);
        Schema v2 = parse(V2);
        RecordCodec writerCodec = new RecordCodec(SchemaRegistry.of(List.of(v1)));
        RecordCodec readerCodec = new RecordCodec(SchemaRegistry.of(List.of(v1, v2)));
        GenericRecord old = new GenericRecordBuilder(v1)
                .set("id", "11010519491231002X").set("name", "王秀英").set("birthDate", LocalDate.of(1949, 12, 31))
                .build();

        GenericRecord decoded = readerCodec.decode(TEST_DATASET, writerCodec.encode(old));

        assertThat(decoded.getSchema()).isEqualTo(v2);
        assertThat(decoded.get("id").toString()).isEqualTo("11010519491231002X");
        assertThat(decoded.get("name").toString()).isEqualTo("王秀英");
        assertThat(decoded.get("birthDate")).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(decoded.get("phone")).isNull();
        assertThat(decoded.get("status").toString()).isEqualTo("ACTIVE");
        assertThat(decoded.get("updatedAt")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void oneFieldIsDecodedAsTheWholeRecordWouldGiveItWhicheverVersionWroteIt() {
        Schema v1 = parse(V1);
        Schema v2 = parse(V2);
        RecordCodec writerCodec = new RecordCodec(SchemaRegistry.of(List.of(v1)));
        RecordCodec codec = new RecordCodec(SchemaRegistry.of(List.of(v1, v2)));
        Instant updatedAt = Instant.parse("2025-05-30T01:15:00.123Z");
        byte[] newer = codec.encode(new GenericRecordBuilder(v2)
                .set("id", "440524188001010014").set("name", "李建国").set("birthDate", LocalDate.of(1880, 1, 1))
                .set("phone", "13800138000")
                .set("status", new GenericData.EnumSymbol(v2.getField("status").schema(), "MOVED_OUT"))
                .set("updatedAt", updatedAt).build());
        byte[] older = writerCodec.encode(new GenericRecordBuilder(v1)
                .set("id", "11010519491231002X").set("name", "王秀英").set("birthDate", LocalDate.of(1949, 12, 31)).build());

        for (byte[] bytes : List.of(newer, older)) {
            GenericRecord whole = codec.decode(TEST_DATASET, bytes);
            for (Schema.Field field : v2.getFields()) {
                assertThat(codec.decodeField(TEST_DATASET, bytes, field.name())).as(field.name())
                        .isEqualTo(whole.get(field.name()));
            }
        }
        assertThat(codec.decodeField(TEST_DATASET, newer, "updatedAt")).isEqualTo(updatedAt);
        assertThat(codec.decodeField(TEST_DATASET, older, "updatedAt")).as("the newest version's default").isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> codec.decodeField(TEST_DATASET, newer, "noSuchField"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noSuchField");
    }

    @Test
    void recordWrittenWithTheNewestVersionKeepsItsNewValues() {
        Schema v1 = parse(V1);
        Schema v2 = parse(V2);
        RecordCodec codec = new RecordCodec(SchemaRegistry.of(List.of(v1, v2)));
        Instant updatedAt = Instant.parse("2025-05-30T01:15:00.123Z");
        GenericRecord record = new GenericRecordBuilder(v2)
                .set("id", "440524188001010014").set("name", "李建国").set("birthDate", LocalDate.of(1880, 1, 1))
                .set("phone", "13800138000")
                .set("status", new GenericData.EnumSymbol(v2.getField("status").schema(), "MOVED_OUT"))
                .set("updatedAt", updatedAt)
                .build();

        GenericRecord decoded = codec.decode(TEST_DATASET, codec.encode(record));

        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.get("status").toString()).isEqualTo("MOVED_OUT");
        assertThat(decoded.get("updatedAt")).isEqualTo(updatedAt);
    }

    @Test
    void addingAnOptionalFieldWithADefaultIsCompatible() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(parse(V2), parse(V1)).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void addingARequiredFieldWithoutDefaultIsIncompatible() {
        Schema withRequiredPhone = v1WithChangedFields("""
                [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
                 {"name": "birthDate", "type": {"type": "int", "logicalType": "date"}},
                 {"name": "phone", "type": "string"}]""");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withRequiredPhone, parse(V1)).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void changingAFieldFromStringToIntIsIncompatible() {
        Schema nameAsInt = v1WithChangedFields("""
                [{"name": "id", "type": "string"}, {"name": "name", "type": "int"},
                 {"name": "birthDate", "type": {"type": "int", "logicalType": "date"}}]""");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(nameAsInt, parse(V1)).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void decodingAnUnknownDatasetFailsWithItsName() {
        RecordCodec codec = new RecordCodec(SchemaRegistry.of(List.of(parse(V1))));
        assertThatThrownBy(() -> codec.decode("nobody.nothing", new byte[] {(byte) 0xC3, 0x01}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody.nothing");
    }

    @Test
    void recordOfASchemaTheRegistryDoesNotShipIsRefused() {
        Schema v2 = parse(V2);
        GenericRecord record = new GenericRecordBuilder(v2)
                .set("id", "440524188001010014").set("name", "李建国").set("birthDate", LocalDate.of(1880, 1, 1))
                .build();
        byte[] bytes = new RecordCodec(SchemaRegistry.of(List.of(v2))).encode(record);
        RecordCodec onlyV1 = new RecordCodec(SchemaRegistry.of(List.of(parse(V1))));

        assertThatThrownBy(() -> onlyV1.decode(TEST_DATASET, bytes)).isInstanceOf(AvroRuntimeException.class);
    }

    @Test
    void topicNamesFollowTheContract() {
        assertThat(Topics.records(HOUSEHOLD)).isEqualTo("datarun.public-security.household-registry");
        assertThat(Topics.deadLetters(HOUSEHOLD)).isEqualTo("datarun.public-security.household-registry.dlq");
    }
}
