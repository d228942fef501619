package io.datarun.schemas.intake;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.validation.UnifiedSocialCreditCode;
import io.datarun.schemas.validation.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The door every record passes, from a connector or the push API: raw values are coerced to
 * the schema's types, validated, and built into an Avro record — or rejected with every reason.
 */
public final class RecordAssembler {
    private final ValueCoercion coercion;
    private final RecordValidator validator;

    public RecordAssembler(ValueCoercion coercion, RecordValidator validator) {
        this.coercion = coercion;
        this.validator = validator;
    }

    public RecordAssembler() {
        this(new ValueCoercion(), new RecordValidator());
    }

    /** {@code raw} maps schema field names to source values; unknown names are rejected. */
    public Assembly assemble(DatasetDescriptor dataset, Map<String, ?> raw) {
        // loops rather than streams: a first load passes a million rows through here on one thread
        List<Violation> violations = new ArrayList<>();
        for (String name : raw.keySet()) {
            if (!dataset.hasField(name)) {
                violations.add(Violation.of(name, "unknown-field"));
            }
        }
        Map<String, Object> typed = new HashMap<>();
        for (FieldDescriptor field : dataset.fields()) {
            try {
                Object value = coercion.coerce(field, raw.get(field.name()));
                if (value != null && field.constraint().isPresent()) {
                    String constraint = field.constraint().get();
                    if (constraint.equals("resident-id")) {
                        value = ResidentIdNumber.normalize(value.toString());
                    } else if (constraint.equals("credit-code")) {
                        value = UnifiedSocialCreditCode.normalize(value.toString());
                    }
                }
                typed.put(field.name(), value);
            } catch (CoercionException e) {
                violations.add(Violation.of(field.name(), e.code()));
            }
        }
        for (Violation v : validator.validate(dataset, typed)) {
            if (!hasViolation(violations, v.field())) { // a field that failed coercion is reported once
                violations.add(v);
            }
        }
        if (!violations.isEmpty()) {
            return Assembly.rejected(violations);
        }
        return Assembly.accepted(build(dataset, typed));
    }

    private static boolean hasViolation(List<Violation> violations, String field) {
        for (Violation existing : violations) {
            if (existing.field().equals(field)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The record, straight into its positions: what {@code GenericRecordBuilder} does (a field without a
     * value takes a copy of the schema's default, a field with neither is an error), without the two arrays
     * and the name lookups it makes for every record.
     */
    private static GenericRecord build(DatasetDescriptor dataset, Map<String, Object> typed) {
        GenericData.Record record = new GenericData.Record(dataset.schema());
        for (FieldDescriptor field : dataset.fields()) {
            Schema.Field avro = field.field(); // the schema's own field: its position is the record's
            Object value = typed.get(field.name());
            if (value == null) {
                if (!avro.hasDefaultValue()) {
                    throw new AvroRuntimeException("Field " + avro + " not set and has no default value");
                }
                value = GenericData.get().deepCopy(avro.schema(), GenericData.get().getDefaultValue(avro));
            } else if (field.valueSchema().getType() == Schema.Type.ENUM) {
                value = new GenericData.EnumSymbol(field.valueSchema(), value.toString());
            }
            record.put(avro.pos(), value);
        }
        return record;
    }

    /** Either a record ready for the wire or the reasons it was refused. */
    public record Assembly(GenericRecord record, List<Violation> violations) {
        static Assembly accepted(GenericRecord record) {
            return new Assembly(record, List.of());
        }

        static Assembly rejected(List<Violation> violations) {
            return new Assembly(null, List.copyOf(violations));
        }

        public boolean isAccepted() {
            return record != null;
        }
    }
}
