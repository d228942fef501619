package io.datarun.schemas.wire;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Avro single-object encoding (a two-byte marker and the writer schema's CRC-64-AVRO fingerprint
 * before the body), so any reader can resolve a record written with an older schema version
 * without a schema-registry service. Dates decode to {@code LocalDate}, timestamps to {@code Instant}.
 */
public final class RecordCodec {
    private final SchemaRegistry registry;
    private final GenericData model;
    private final Map<Schema, BinaryMessageEncoder<GenericRecord>> encoders = new ConcurrentHashMap<>();
    /** By the reader's schema (its hash is cached), not by a name built for every record read. */
    private final Map<Schema, BinaryMessageDecoder<GenericRecord>> decoders = new ConcurrentHashMap<>();
    /** Decoders into one field of the newest schema, by that schema and the field's name. */
    private final Map<Schema, Map<String, BinaryMessageDecoder<GenericRecord>>> fieldDecoders = new ConcurrentHashMap<>();
    /** One growing buffer per thread: a record is written into it and copied out once. */
    private static final ThreadLocal<ByteArrayOutputStream> BUFFERS = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));

    public RecordCodec(SchemaRegistry registry) {
        this.registry = registry;
        this.model = logicalTypesModel();
    }

    /** The data model used for records this codec reads and writes. */
    public GenericData model() {
        return model;
    }

    public static GenericData logicalTypesModel() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        // amounts: java.math.BigDecimal at the schema's scale, never a double
        data.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        return data;
    }

    public byte[] encode(GenericRecord record) {
        BinaryMessageEncoder<GenericRecord> encoder = encoders.computeIfAbsent(record.getSchema(),
                schema -> new BinaryMessageEncoder<>(model, schema));
        ByteArrayOutputStream buffer = BUFFERS.get();
        buffer.reset();
        try {
            encoder.encode(record, buffer);
            byte[] bytes = buffer.toByteArray();
            if (bytes.length > 65_536) {
                BUFFERS.remove(); // a rare large record: not kept by every thread that wrote one
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a record of the dataset into its newest schema version. */
    public GenericRecord decode(String datasetId, byte[] bytes) {
        // keyed by the newest schema: a version registered at runtime becomes the one records resolve into
        BinaryMessageDecoder<GenericRecord> decoder = decoders.computeIfAbsent(latest(datasetId),
                schema -> new BinaryMessageDecoder<>(model, schema, registry.schemaStore()));
        return decode(decoder, datasetId, bytes);
    }

    /**
     * One field of a record of the dataset, as {@link #decode} would give it (the newest version's
     * type and default), without building the others: the record is read into a schema of that field
     * alone, so Avro skips the rest instead of materializing every string and date. For the serving
     * stores' bookkeeping, which needs one field of every record that arrives (its change time, an
     * indexed field) — a million at a first load.
     */
    public Object decodeField(String datasetId, byte[] bytes, String field) {
        Schema latest = latest(datasetId);
        BinaryMessageDecoder<GenericRecord> decoder = fieldDecoders.computeIfAbsent(latest, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(field, name -> new BinaryMessageDecoder<>(model, projection(latest, name),
                        registry.schemaStore()));
        return decode(decoder, datasetId, bytes).get(0);
    }

    /** {@code schema} with only {@code field}: same name, so every version of the record resolves into it. */
    private static Schema projection(Schema schema, String field) {
        Schema.Field kept = schema.getField(field);
        if (kept == null) {
            throw new IllegalArgumentException("no field " + field + " in " + schema.getFullName());
        }
        Schema projected = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false);
        projected.setFields(java.util.List.of(new Schema.Field(kept, kept.schema())));
        return projected;
    }

    private Schema latest(String datasetId) {
        DatasetDescriptor latest = registry.latest(datasetId)
                .orElseThrow(() -> new IllegalArgumentException("unknown dataset " + datasetId));
        return latest.schema();
    }

    private static GenericRecord decode(BinaryMessageDecoder<GenericRecord> decoder, String datasetId, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a record of " + datasetId + ": " + e.getMessage(), e);
        }
    }
}
