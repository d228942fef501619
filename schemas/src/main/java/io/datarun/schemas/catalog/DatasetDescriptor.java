package io.datarun.schemas.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A dataset version as declared by its Avro schema: the {@code datarun.*} properties on the
 * record and on each field carry the owner, subject, cadence and classifications, so the
 * schema file is the single place a department declares its feed. {@code divisionField}, when
 * present, names the field holding the subject's administrative division, which division-scoped
 * grants and tokens are checked against; {@code updatedAtField} names the source's change time,
 * which freshness (last update against the declared cadence) is measured by.
 */
public record DatasetDescriptor(
        String id,
        int version,
        String owner,
        Map<String, String> title,
        SubjectType subjectType,
        String subjectField,
        Optional<String> divisionField,
        Optional<String> updatedAtField,
        Duration cadence,
        List<FieldDescriptor> fields,
        Schema schema) {

    /** Reads the descriptor from a schema; {@code origin} names the file in error messages. */
    public static DatasetDescriptor of(Schema schema, String origin) {
        SchemaProps props = new SchemaProps(schema, origin);
        String id = props.requiredString("datarun.dataset");
        String owner = props.requiredString("datarun.owner");
        if (!id.startsWith(owner + ".")) {
            throw new IllegalArgumentException(origin + ": dataset '" + id
                    + "' must be named '<owner>.<name>' with owner '" + owner + "'");
        }
        String subjectField = props.requiredString("datarun.subjectField");
        if (schema.getField(subjectField) == null) {
            throw new IllegalArgumentException(origin + ": datarun.subjectField names '"
                    + subjectField + "', which is not a field of " + schema.getFullName());
        }
        Optional<String> divisionField = Optional.ofNullable(schema.getObjectProp("datarun.divisionField"))
                .map(Object::toString);
        if (divisionField.isPresent() && schema.getField(divisionField.get()) == null) {
            throw new IllegalArgumentException(origin + ": datarun.divisionField names '"
                    + divisionField.get() + "', which is not a field of " + schema.getFullName());
        }
        Optional<String> updatedAtField = Optional.ofNullable(schema.getObjectProp("datarun.updatedAtField"))
                .map(Object::toString);
        if (updatedAtField.isPresent() && schema.getField(updatedAtField.get()) == null) {
            throw new IllegalArgumentException(origin + ": datarun.updatedAtField names '"
                    + updatedAtField.get() + "', which is not a field of " + schema.getFullName());
        }
        List<FieldDescriptor> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(fieldOf(field, origin));
        }
        return new DatasetDescriptor(
                id,
                props.requiredInt("datarun.version"),
                owner,
                props.labels("datarun.title"),
                SubjectType.parse(props.requiredString("datarun.subjectType")),
                subjectField,
                divisionField,
                updatedAtField,
                Duration.parse(props.requiredString("datarun.cadence")),
                List.copyOf(fields),
                schema);
    }

    private static FieldDescriptor fieldOf(Schema.Field field, String origin) {
        Object classification = field.getObjectProp("datarun.classification");
        if (!(classification instanceof String text)) {
            throw new IllegalArgumentException(origin + ": field '" + field.name()
                    + "' needs \"datarun.classification\": one of public, internal, personal, sensitive");
        }
        Object constraint = field.getObjectProp("datarun.constraint");
        Object labels = field.getObjectProp("datarun.label");
        return new FieldDescriptor(
                field.name(),
                Classification.parse(text),
                Optional.ofNullable(constraint).map(Object::toString),
                SchemaProps.toLabels(labels),
                field.doc() == null ? "" : field.doc(),
                field);
    }

    public Optional<FieldDescriptor> field(String name) {
        return Optional.ofNullable(lookup(name));
    }

    /** Whether the dataset has a field of this name: {@link #field} without its Optional, for the door's per-record check. */
    public boolean hasField(String name) {
        return lookup(name) != null;
    }

    /** The field of this name, or null. */
    private FieldDescriptor lookup(String name) {
        // called for every field of every record assembled, read or prefilled: Avro's own index by name
        // (the descriptors are in the schema's order) instead of a scan of the list
        Schema.Field avro = schema == null ? null : schema.getField(name);
        if (avro != null && avro.pos() < fields.size() && fields.get(avro.pos()).name().equals(name)) {
            return fields.get(avro.pos());
        }
        for (FieldDescriptor field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldDescriptor::name).toList();
    }

    /** Field name to classification, in schema order. */
    public Map<String, Classification> classifications() {
        Map<String, Classification> result = new LinkedHashMap<>();
        fields.forEach(f -> result.put(f.name(), f.classification()));
        return result;
    }
}
