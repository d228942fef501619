package io.datarun.schemas.intake;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.validation.UnifiedSocialCreditCode;
import io.datarun.schemas.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

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
        List<Violation> violations = new ArrayList<>();
        raw.keySet().stream()
                .filter(name -> dataset.field(name).isEmpty())
                .forEach(name -> violations.add(Violation.of(name, "unknown-field")));
        Map<String, Object> typed = new LinkedHashMap<>();
        for (FieldDescriptor field : dataset.fields()) {
            try {
                Object value = coercion.coerce(field, raw.get(field.name()));
                if (value != null && field.constraint().filter("resident-id"::equals).isPresent()) {
                    value = ResidentIdNumber.normalize(value.toString());
                }
                if (value != null && field.constraint().filter("credit-code"::equals).isPresent()) {
                    value = UnifiedSocialCreditCode.normalize(value.toString());
                }
                typed.put(field.name(), value);
            } catch (CoercionException e) {
                violations.add(Violation.of(field.name(), e.code()));
            }
        }
        violations.addAll(validator.validate(dataset, typed).stream()
                .filter(v -> violations.stream().noneMatch(existing -> existing.field().equals(v.field())))
                .toList());
        if (!violations.isEmpty()) {
            return Assembly.rejected(violations);
        }
        return Assembly.accepted(build(dataset, typed));
    }

    private static GenericRecord build(DatasetDescriptor dataset, Map<String, Object> typed) {
        GenericRecordBuilder builder = new GenericRecordBuilder(dataset.schema());
        for (FieldDescriptor field : dataset.fields()) {
            Object value = typed.get(field.name());
            if (value == null) {
                continue; // optional or defaulted: the builder applies the schema default
            }
            Schema valueSchema = field.valueSchema();
            builder.set(field.name(), valueSchema.getType() == Schema.Type.ENUM
                    ? new GenericData.EnumSymbol(valueSchema, value.toString()) : value);
        }
        return builder.build();
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
