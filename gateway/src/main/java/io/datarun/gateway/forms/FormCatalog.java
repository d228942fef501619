package io.datarun.gateway.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The form definitions of a folder ({@code *.yaml}), checked against the schemas at load: an
 * unknown dataset, field or type stops the gateway naming the file and the key at fault. When a
 * form has several versions, the highest one is served.
 */
public final class FormCatalog {
    public static final Set<String> TYPES = Set.of("text", "date", "enum", "number", "integer", "boolean",
            "resident-id", "division-code", "mobile");
    private static final Logger LOG = Logger.getLogger(FormCatalog.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, FormDefinition> forms;

    public FormCatalog(List<FormDefinition> definitions) {
        Map<String, FormDefinition> latest = new TreeMap<>();
        for (FormDefinition form : definitions) {
            FormDefinition other = latest.get(form.id());
            if (other != null && other.version() == form.version()) {
                throw new IllegalStateException(form.origin() + ": form '" + form.id() + "' version " + form.version()
                        + " is also defined in " + other.origin());
            }
            if (other == null || other.version() < form.version()) {
                latest.put(form.id(), form);
            }
        }
        this.forms = Map.copyOf(latest);
    }

    public static FormCatalog load(Path dir, SchemaRegistry registry) {
        if (!Files.isDirectory(dir)) {
            // a gateway without forms still serves records: say so, but do not refuse to start
            LOG.warnf("no forms folder at %s: no forms are served (set datarun.gateway.forms-dir)", dir.toAbsolutePath());
            return new FormCatalog(List.of());
        }
        List<FormDefinition> definitions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    definitions.add(parse(YAML.readTree(in), file.toString(), registry));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read forms folder " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return new FormCatalog(definitions);
    }

    static FormDefinition parse(JsonNode root, String origin, SchemaRegistry registry) {
        String id = text(root, "id", origin);
        if (!root.path("version").canConvertToInt() || root.path("version").asInt() < 1) {
            throw new IllegalStateException(origin + ": version: expected a whole number >= 1");
        }
        List<FormField> fields = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        int index = 0;
        if (!root.path("fields").isArray() || root.path("fields").isEmpty()) {
            throw new IllegalStateException(origin + ": fields: expected a non-empty list");
        }
        for (JsonNode node : root.path("fields")) {
            String where = origin + ": fields[" + index++ + "]";
            FormField field = field(node, where, registry);
            if (!names.add(field.name())) {
                throw new IllegalStateException(where + ".name: '" + field.name() + "' appears twice");
            }
            fields.add(field);
        }
        return new FormDefinition(id, root.get("version").asInt(), labels(root.path("title")),
                root.path("purpose").asText(null), root.path("subjectType").asText("person"), List.copyOf(fields), origin,
                household(root.path("household"), origin + ": household", registry));
    }

    /** {@code household: {label, dataset, by, fields}}: every name checked against the dataset's schema. */
    private static Optional<FormDefinition.Household> household(JsonNode node, String where, SchemaRegistry registry) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String dataset = text(node, "dataset", where);
        SourceRef by = checked(new SourceRef(dataset, text(node, "by", where)), where + ".by", registry);
        List<String> fields = new ArrayList<>();
        int i = 0;
        for (JsonNode field : node.path("fields")) {
            fields.add(checked(new SourceRef(dataset, field.asText()), where + ".fields[" + i++ + "]", registry).field());
        }
        if (fields.isEmpty()) {
            throw new IllegalStateException(where + ".fields: expected a non-empty list of " + dataset + "'s fields");
        }
        return Optional.of(new FormDefinition.Household(labels(node.path("label")), dataset, by.field(), List.copyOf(fields)));
    }

    private static FormField field(JsonNode node, String where, SchemaRegistry registry) {
        String name = text(node, "name", where);
        where = where + " (" + name + ")";
        String type = text(node, "type", where);
        if (!TYPES.contains(type)) {
            throw new IllegalStateException(where + ".type: '" + type + "' is not one of " + TYPES.stream().sorted().toList());
        }
        List<SourceRef> sources = new ArrayList<>();
        int i = 0;
        for (JsonNode source : node.path("sources")) {
            String key = where + ".sources[" + i++ + "]";
            sources.add(checked(SourceRef.parse(source.asText(), key), key, registry));
        }
        Optional<SourceRef> manual = Optional.empty();
        if (node.has("manual")) {
            JsonNode m = node.get("manual");
            String key = where + ".manual";
            manual = Optional.of(checked(new SourceRef(text(m, "dataset", key), text(m, "field", key)), key, registry));
        }
        if (sources.isEmpty() && manual.isEmpty()) {
            throw new IllegalStateException(where + ": needs 'sources' (dataset.field, in order of precedence), "
                    + "'manual' (where a typed value is written back), or both");
        }
        FormField.Constraints constraints = constraints(node.path("constraints"), where);
        Map<String, String> whenAbsent = labels(node.path("whenAbsent"));
        if (!whenAbsent.isEmpty() && sources.isEmpty()) {
            throw new IllegalStateException(where + ".whenAbsent: says what 'no record' means, so the field needs "
                    + "'sources' to have no record in");
        }
        return new FormField(name, labels(node.path("label")), type, constraints, List.copyOf(sources), manual,
                "enum".equals(type) ? optionLabels(constraints.options(), sources, manual, registry) : Map.of(), whenAbsent);
    }

    /** Each option's labels from the first source (or the write-back target) whose schema labels it. */
    private static Map<String, Map<String, String>> optionLabels(List<String> options, List<SourceRef> sources,
            Optional<SourceRef> manual, SchemaRegistry registry) {
        List<SourceRef> refs = new ArrayList<>(sources);
        manual.ifPresent(refs::add);
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        for (String option : options) {
            refs.stream().map(ref -> registry.latest(ref.dataset()).flatMap(d -> d.field(ref.field())))
                    .flatMap(Optional::stream).map(f -> f.symbolLabels().get(option)).filter(Objects::nonNull)
                    .findFirst().ifPresent(l -> labels.put(option, l));
        }
        return java.util.Collections.unmodifiableMap(labels); // in the order of the options
    }

    private static SourceRef checked(SourceRef ref, String where, SchemaRegistry registry) {
        DatasetDescriptor dataset = registry.latest(ref.dataset()).orElseThrow(() -> new IllegalStateException(
                where + ": unknown dataset '" + ref.dataset() + "'; known: " + registry.datasetIds().stream().sorted().toList()));
        if (dataset.field(ref.field()).isEmpty()) {
            throw new IllegalStateException(where + ": '" + ref.field() + "' is not a field of " + ref.dataset()
                    + "; expected one of " + dataset.fieldNames());
        }
        return ref;
    }

    private static FormField.Constraints constraints(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return FormField.Constraints.NONE;
        }
        Set<String> known = Set.of("required", "min", "max", "maxLength", "pattern", "options");
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw new IllegalStateException(where + ".constraints." + key + ": unknown constraint; expected some of "
                        + known.stream().sorted().toList());
            }
        });
        List<String> options = new ArrayList<>();
        node.path("options").forEach(o -> options.add(o.asText()));
        return new FormField.Constraints(node.path("required").asBoolean(false),
                node.has("min") ? Optional.of(node.get("min").asDouble()) : Optional.empty(),
                node.has("max") ? Optional.of(node.get("max").asDouble()) : Optional.empty(),
                node.has("maxLength") ? Optional.of(node.get("maxLength").asInt()) : Optional.empty(),
                node.has("pattern") ? Optional.of(node.get("pattern").asText()) : Optional.empty(),
                List.copyOf(options));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return java.util.Collections.unmodifiableMap(labels); // in the order of the options
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalStateException(where + "." + key + ": required text is missing");
        }
        return value.asText();
    }

    /**
     * Fields a clerk is asked to type although a dataset in the catalog already holds the datum
     * (same field name or same Chinese label, in a dataset other than the write-back target) and
     * the field does not read it: each warning names the form, the field and the dataset.
     */
    public static List<String> manualFieldsHeldElsewhere(FormDefinition form, SchemaRegistry registry) {
        List<String> warnings = new ArrayList<>();
        for (FormField field : form.fields()) {
            if (field.manual().isEmpty()) {
                continue;
            }
            SourceRef target = field.manual().get();
            Optional<String> targetLabel = registry.latest(target.dataset()).flatMap(d -> d.field(target.field()))
                    .map(f -> f.labels().get("zh-CN"));
            for (DatasetDescriptor dataset : registry.latestOfEach().stream()
                    .sorted(Comparator.comparing(DatasetDescriptor::id)).toList()) {
                if (dataset.id().equals(target.dataset())) {
                    continue;
                }
                for (FieldDescriptor candidate : dataset.fields()) {
                    if (bookkeeping(dataset, candidate.name())
                            || field.sources().contains(new SourceRef(dataset.id(), candidate.name()))) {
                        continue;
                    }
                    String label = candidate.labels().get("zh-CN");
                    boolean same = candidate.name().equals(target.field())
                            || (label != null && (label.equals(targetLabel.orElse(null))
                                    || label.equals(field.label().get("zh-CN"))));
                    if (same) {
                        warnings.add("form " + form.id() + " v" + form.version() + " field '" + field.name()
                                + "' is typed by hand (written back to " + target + ") but dataset " + dataset.id()
                                + " already holds it as '" + candidate.name() + "': add '" + dataset.id() + "."
                                + candidate.name() + "' to its sources (" + form.origin() + ")");
                    }
                }
            }
        }
        return warnings;
    }

    /**
     * Write-back targets whose records need the subject's division while no field of the form reads
     * one: a submission then publishes only when the clerk's token names exactly one division.
     */
    public static List<String> writeBacksWithoutDivision(FormDefinition form, SchemaRegistry registry) {
        boolean readsDivision = form.fields().stream().flatMap(f -> f.readFrom().stream())
                .anyMatch(source -> registry.latest(source.dataset()).flatMap(DatasetDescriptor::divisionField)
                        .filter(source.field()::equals).isPresent());
        if (readsDivision) {
            return List.of();
        }
        return form.fields().stream().flatMap(f -> f.manual().stream()).map(SourceRef::dataset).distinct()
                .filter(dataset -> registry.latest(dataset).flatMap(DatasetDescriptor::divisionField).isPresent())
                .map(dataset -> "form " + form.id() + " v" + form.version() + " writes back to " + dataset
                        + ", whose records name the subject's division, but no field reads a division: a submission "
                        + "publishes only when the record exists already or the clerk's token names one division ("
                        + form.origin() + ")")
                .toList();
    }

    private static boolean bookkeeping(DatasetDescriptor dataset, String field) {
        return field.equals(dataset.subjectField()) || dataset.divisionField().filter(field::equals).isPresent()
                || dataset.updatedAtField().filter(field::equals).isPresent();
    }

    public List<FormDefinition> all() {
        return forms.values().stream().sorted(Comparator.comparing(FormDefinition::id)).toList();
    }

    public Optional<FormDefinition> get(String id) {
        return Optional.ofNullable(forms.get(Objects.requireNonNull(id)));
    }
}
