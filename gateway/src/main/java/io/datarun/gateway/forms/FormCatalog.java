package io.datarun.gateway.forms;

import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.options.OptionsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The form definitions of a folder ({@code *.yaml}), each bound strictly to {@link FormFile} and
 * checked against the schemas at load: an unknown key, dataset, field or type stops the gateway
 * naming the file, the key path and its line. When a form has several versions, the highest one
 * is served.
 */
public final class FormCatalog {
    /** The field types a form may use. */
    public static final Set<String> TYPES = FormFile.TYPES;
    private static final Logger LOG = Logger.getLogger(FormCatalog.class);

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
                definitions.add(parse(file, registry));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read forms folder " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return new FormCatalog(definitions);
    }

    static FormDefinition parse(Path file, SchemaRegistry registry) {
        OptionsFile<FormFile> read = OptionsFile.read(file, FormFile.class);
        FormFile form = read.value();
        List<FormField> fields = new ArrayList<>();
        for (int i = 0; i < form.fields().size(); i++) {
            fields.add(field(form.fields().get(i), "fields[" + i + "]", read, registry));
        }
        return new FormDefinition(form.id(), form.version(), form.title(), form.purpose().orElse(null), form.subjectType(),
                List.copyOf(fields), file.toString(), household(form.household(), read, registry));
    }

    /** {@code household: {label, dataset, by, fields}}: every name checked against the dataset's schema. */
    private static Optional<FormDefinition.Household> household(Optional<FormFile.Household> declared,
            OptionsFile<FormFile> read, SchemaRegistry registry) {
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        FormFile.Household household = declared.get();
        String dataset = household.dataset();
        checked(new SourceRef(dataset, household.by()), "household.by", "household", read, registry);
        for (int i = 0; i < household.fields().size(); i++) {
            checked(new SourceRef(dataset, household.fields().get(i)), "household.fields[" + i + "]", "household", read, registry);
        }
        return Optional.of(new FormDefinition.Household(household.label(), dataset, household.by(),
                List.copyOf(household.fields())));
    }

    /** The field with its sources checked against the schemas; a failure names the key path and its line. */
    private static FormField field(FormFile.Field declared, String where, OptionsFile<FormFile> read,
            SchemaRegistry registry) {
        List<SourceRef> sources = new ArrayList<>();
        for (int i = 0; i < declared.sources().size(); i++) {
            String key = where + ".sources[" + i + "]";
            SourceRef ref;
            try {
                ref = SourceRef.parse(declared.sources().get(i), key);
            } catch (IllegalStateException e) {
                throw read.fail(key, "expected '<dataset>.<field>', found '" + declared.sources().get(i) + "'");
            }
            sources.add(checked(ref, key, declared.name(), read, registry));
        }
        Optional<SourceRef> manual = declared.manual().map(m -> checked(m, where + ".manual", declared.name(), read, registry));
        FormField.Constraints constraints = declared.constraints().orElse(FormField.Constraints.NONE);
        FormField field = new FormField(declared.name(), declared.label(), declared.type(), constraints, List.copyOf(sources),
                manual, "enum".equals(declared.type()) ? optionLabels(constraints.options(), sources, manual, registry) : Map.of(),
                declared.whenAbsent());
        checkSpellings(field, where, read, registry);
        Optional<Integer> scale = "number".equals(declared.type())
                ? field.readFrom().stream().map(ref -> descriptor(ref, registry)).flatMap(f -> Amounts.scale(f).stream()).findFirst()
                : Optional.empty();
        return field.withScale(scale.orElse(null));
    }

    /**
     * Several fields of one dataset read by one form field are one datum spelled several ways (the
     * first a record holds answers, the write-back writes all): they must hold the same kind of value.
     */
    private static void checkSpellings(FormField field, String where, OptionsFile<FormFile> read, SchemaRegistry registry) {
        Map<String, SourceRef> firstOf = new LinkedHashMap<>();
        for (SourceRef ref : field.readFrom()) {
            SourceRef first = firstOf.putIfAbsent(ref.dataset(), ref);
            if (first != null && !kind(descriptor(first, registry)).equals(kind(descriptor(ref, registry)))) {
                throw read.fail(where + ".sources", "'" + first.field() + "' and '" + ref.field() + "' of " + ref.dataset()
                        + " are read as one value (a record answers with the first it holds) and written together, so they "
                        + "must hold the same kind of value; found " + kind(descriptor(first, registry)) + " and "
                        + kind(descriptor(ref, registry)) + " (field '" + field.name() + "')");
            }
        }
    }

    /** A field's kind of value for {@link #checkSpellings}: every number (int to double, decimal) is one kind. */
    private static String kind(FieldDescriptor field) {
        org.apache.avro.Schema schema = field.valueSchema();
        if (Amounts.scale(field).isPresent()) {
            return "number";
        }
        return switch (schema.getType()) {
            case INT, LONG, FLOAT, DOUBLE -> schema.getLogicalType() == null ? "number" : schema.getLogicalType().getName();
            default -> schema.getLogicalType() == null ? schema.getType().getName() : schema.getLogicalType().getName();
        };
    }

    private static FieldDescriptor descriptor(SourceRef ref, SchemaRegistry registry) {
        return registry.latest(ref.dataset()).flatMap(d -> d.field(ref.field())).orElseThrow();
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

    private static SourceRef checked(SourceRef ref, String key, String field, OptionsFile<FormFile> read,
            SchemaRegistry registry) {
        DatasetDescriptor dataset = registry.latest(ref.dataset()).orElseThrow(() -> read.fail(key, "unknown dataset '"
                + ref.dataset() + "' (field '" + field + "'); known: " + registry.datasetIds().stream().sorted().toList()));
        if (dataset.field(ref.field()).isEmpty()) {
            throw read.fail(key, "'" + ref.field() + "' is not a field of " + ref.dataset() + " (field '" + field
                    + "'); expected one of " + dataset.fieldNames());
        }
        return ref;
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
