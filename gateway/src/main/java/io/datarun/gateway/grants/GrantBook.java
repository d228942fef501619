package io.datarun.gateway.grants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datarun.gateway.access.Grant;
import io.datarun.gateway.access.Department;
import io.datarun.gateway.access.Purpose;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The department directory, registered purposes and grants, read from a YAML file. Every grant is
 * checked at load: an unknown dataset, field or purpose, or a consumer missing from the directory,
 * stops the gateway with the entry at fault.
 */
public final class GrantBook {
    private final Map<String, Department> departments;
    private final Map<String, Purpose> purposes;
    private final List<Grant> grants;

    public GrantBook(Map<String, Department> departments, Map<String, Purpose> purposes, List<Grant> grants) {
        this.departments = Map.copyOf(departments);
        this.purposes = Map.copyOf(purposes);
        this.grants = List.copyOf(grants);
    }

    /** A book without a directory (tests of the access rules only). */
    public GrantBook(Map<String, Purpose> purposes, List<Grant> grants) {
        this(Map.of(), purposes, grants);
    }

    public static GrantBook load(Path file, SchemaRegistry registry) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new ObjectMapper(new YAMLFactory()).readTree(in), file.toString(), registry);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read grants file " + file.toAbsolutePath()
                    + " (set datarun.gateway.grants-file): " + e.getMessage(), e);
        }
    }

    static GrantBook parse(JsonNode root, String origin, SchemaRegistry registry) {
        Map<String, Department> departments = new LinkedHashMap<>();
        for (JsonNode node : root.path("departments")) {
            String code = required(node, "code", origin + ": departments[]");
            departments.put(code, new Department(code, texts(node.path("name"))));
        }
        if (departments.isEmpty()) {
            // without a directory a grant to a misspelt department would silently grant nobody
            throw new IllegalStateException(origin + ": departments: the department directory is missing "
                    + "(a list of {code, name: {zh-CN, en}})");
        }
        Map<String, Purpose> purposes = new LinkedHashMap<>();
        for (JsonNode node : root.path("purposes")) {
            String code = required(node, "code", origin + ": purposes[]");
            Map<String, String> title = new LinkedHashMap<>();
            node.path("title").fields().forEachRemaining(e -> title.put(e.getKey(), e.getValue().asText()));
            purposes.put(code, new Purpose(code, title));
        }
        List<Grant> grants = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.path("grants")) {
            String where = origin + ": grants[" + index++ + "]";
            String dataset = required(node, "dataset", where);
            DatasetDescriptor descriptor = registry.latest(dataset).orElseThrow(() ->
                    new IllegalStateException(where + ".dataset: unknown dataset '" + dataset + "'"));
            Set<String> fields = strings(node, "fields", where);
            for (String field : fields) {
                if (descriptor.field(field).isEmpty()) {
                    throw new IllegalStateException(where + ".fields: '" + field + "' is not a field of "
                            + dataset + "; expected some of " + descriptor.fieldNames());
                }
            }
            Set<String> grantPurposes = strings(node, "purposes", where);
            for (String purpose : grantPurposes) {
                if (!purposes.containsKey(purpose)) {
                    throw new IllegalStateException(where + ".purposes: '" + purpose
                            + "' is not a registered purpose; expected one of " + purposes.keySet());
                }
            }
            String consumer = required(node, "consumer", where);
            if (!departments.containsKey(consumer)) {
                throw new IllegalStateException(where + ".consumer: '" + consumer
                        + "' is not in the department directory; expected one of " + departments.keySet());
            }
            grants.add(new Grant(consumer, dataset, fields, grantPurposes,
                    node.has("divisions") ? strings(node, "divisions", where) : Set.of(), expires(node, where)));
        }
        return new GrantBook(departments, purposes, grants);
    }

    private static Map<String, String> texts(JsonNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    private static Optional<LocalDate> expires(JsonNode node, String where) {
        if (!node.hasNonNull("expires")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(node.get("expires").asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(where + ".expires: expected a date yyyy-MM-dd, got '"
                    + node.get("expires").asText() + "'", e);
        }
    }

    private static String required(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException(where + "." + key + ": required text is missing");
        }
        return value.asText();
    }

    private static Set<String> strings(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new IllegalStateException(where + "." + key + ": expected a non-empty list");
        }
        Set<String> result = new LinkedHashSet<>();
        value.forEach(v -> result.add(v.asText()));
        return Set.copyOf(result);
    }

    /** The department directory, by code. */
    public Map<String, Department> departments() {
        return departments;
    }

    public Map<String, Purpose> purposes() {
        return purposes;
    }

    public List<Grant> grants() {
        return grants;
    }

    public boolean isRegistered(String purpose) {
        return purposes.containsKey(purpose);
    }
}
