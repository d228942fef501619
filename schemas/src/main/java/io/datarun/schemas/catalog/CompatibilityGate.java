package io.datarun.schemas.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * The build's gate on schema evolution: each dataset's newest version must read records written
 * with every older version (Avro's own resolution rules), so no reader breaks when a department
 * changes its feed. Each finding names the dataset, the versions, the field and the rule broken.
 */
public final class CompatibilityGate {
    private static final Map<SchemaIncompatibilityType, String> RULES = Map.of(
            SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE,
            "a field added in a new version needs a default, or old records cannot be read",
            SchemaIncompatibilityType.TYPE_MISMATCH,
            "a field's type may only change by Avro promotion (int→long→float→double, string↔bytes)",
            SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS,
            "an enum may not lose symbols old records use, unless it declares a default",
            SchemaIncompatibilityType.NAME_MISMATCH,
            "a record, enum or fixed type may not be renamed without an alias",
            SchemaIncompatibilityType.FIXED_SIZE_MISMATCH,
            "a fixed type may not change size",
            SchemaIncompatibilityType.MISSING_UNION_BRANCH,
            "a union may not lose a branch old records use");

    private CompatibilityGate() {
    }

    /** Every incompatibility across the registry's datasets; empty when the evolution is safe. */
    public static List<String> check(SchemaRegistry registry) {
        List<String> findings = new ArrayList<>();
        for (String id : registry.datasetIds()) {
            List<DatasetDescriptor> versions = registry.versions(id);
            DatasetDescriptor newest = versions.get(versions.size() - 1);
            for (DatasetDescriptor older : versions.subList(0, versions.size() - 1)) {
                findings.addAll(check(id, newest.version(), newest.schema(), older.version(), older.schema()));
            }
        }
        return findings;
    }

    /**
     * The gate for a version registered at runtime, checked against every earlier version in both
     * directions: backward (the new version reads what the old ones wrote, so readers may upgrade
     * first) and forward (the old versions read what the new one writes, so a reader that has not
     * yet followed the new version does not break when a writer uses it). Empty when it is safe.
     */
    public static List<String> checkNewVersion(String dataset, int version, Schema candidate,
            List<DatasetDescriptor> earlier) {
        List<String> findings = new ArrayList<>();
        for (DatasetDescriptor older : earlier) {
            findings.addAll(check(dataset, version, candidate, older.version(), older.schema()));
            findings.addAll(check(dataset, older.version(), older.schema(), version, candidate));
        }
        return findings;
    }

    /** Can {@code reader} (version {@code readerVersion}) read records written with {@code writer}? */
    public static List<String> check(String dataset, int readerVersion, Schema reader, int writerVersion, Schema writer) {
        List<String> findings = new ArrayList<>();
        for (Incompatibility incompatibility : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities()) {
            String rule = RULES.getOrDefault(incompatibility.getType(), incompatibility.getType().name());
            findings.add(dataset + ": v" + readerVersion + " cannot read records written with v" + writerVersion
                    + " at " + incompatibility.getLocation() + " (" + incompatibility.getType() + ": "
                    + incompatibility.getMessage() + ") — rule: " + rule);
        }
        return findings;
    }
}
