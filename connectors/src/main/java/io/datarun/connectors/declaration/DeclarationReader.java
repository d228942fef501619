package io.datarun.connectors.declaration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import io.datarun.schemas.options.OptionBinder;
import io.datarun.schemas.options.YamlLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads connector declarations (one YAML file each) strictly. The keys and their defaults are those
 * the {@link Option}-annotated records declare ({@link DeclarationFile} and the source kinds): an
 * unknown key, a missing one or a value of the wrong form fails with the file, the key path, the line
 * and what was expected. Then the dataset must be one the registry knows, and the mapping must name
 * only fields of its schema, every required field, and plain SQL names for a JDBC source.
 */
public final class DeclarationReader {
    private final SchemaRegistry registry;
    private final Placeholders placeholders;
    private final Defaults defaults;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public DeclarationReader(SchemaRegistry registry, Placeholders placeholders, Defaults defaults) {
        this.registry = registry;
        this.placeholders = placeholders;
        this.defaults = defaults;
    }

    /** What a declaration may leave out: the runtime's {@code datarun.connectors.*} settings. */
    public record Defaults(int batchSize, Duration pollInterval, ZoneId zone) {
        /** The values of the configuration keys that {@link Option#defaultFrom()} names. */
        Map<String, Object> byKey() {
            return Map.of("datarun.connectors.batch-size", batchSize, "datarun.connectors.poll-interval", pollInterval,
                    "datarun.connectors.zone", zone);
        }
    }

    /** Every {@code *.yaml} / {@code *.yml} file of a folder, sorted by file name; names must be unique. */
    public List<ConnectorDeclaration> readFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConnectorDeclarationException(dir, "", "expected a folder of connector declarations (*.yaml), "
                    + "set datarun.connectors.dir to one");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(DeclarationReader::isDeclaration).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Map<String, Path> seen = new HashMap<>();
        List<ConnectorDeclaration> declarations = new ArrayList<>();
        for (Path file : files) {
            ConnectorDeclaration declaration = read(file);
            Path earlier = seen.putIfAbsent(declaration.name(), file);
            if (earlier != null) {
                throw new ConnectorDeclarationException(file, "name", "expected a unique connector name, but '"
                        + declaration.name() + "' is also declared in " + earlier);
            }
            declarations.add(declaration);
        }
        return declarations;
    }

    /** A declaration file: {@code *.yaml} or {@code *.yml}, but not a {@code *.camel.yaml} route a declaration names. */
    public static boolean isDeclaration(Path file) {
        String name = file.getFileName().toString();
        return name.matches(".*\\.ya?ml$") && !name.matches(".*\\.camel\\.ya?ml$");
    }

    public ConnectorDeclaration read(Path file) {
        try {
            return read(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A declaration given as text; {@code file} is where it is said to come from (in messages, and for a routeFile). */
    public ConnectorDeclaration read(Path file, String text) {
        JsonNode root;
        YamlLines lines;
        try {
            root = yaml.readTree(text);
            lines = YamlLines.of(text);
        } catch (JsonProcessingException e) {
            throw new ConnectorDeclarationException(file, "", "expected valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        OptionBinder binder = new OptionBinder(file, lines, placeholders::resolveOrRefuse, defaults.byKey(),
                (at, keyPath, expected, line) -> new ConnectorDeclarationException(at, keyPath, expected, line, null));
        DeclarationFile declared = binder.bind(DeclarationFile.class,
                root == null || root.isMissingNode() ? yaml.createObjectNode() : root, "");
        DatasetDescriptor dataset = registry.latest(declared.dataset()).orElseThrow(() -> binder.fail("dataset",
                "expected a dataset the schema registry knows (" + String.join(", ", registry.datasetIds())
                        + "), found '" + declared.dataset() + "'"));
        List<FieldMapping> mapping = mapping(binder, declared.mapping(), dataset,
                declared.source() instanceof JdbcSource, declared.source() instanceof FileSource);
        if (declared.source() instanceof CamelSource camel) {
            try {
                camel.routeText(file); // a route file that is missing or not a route stops the start here
            } catch (InvalidOption e) {
                throw binder.fail("source." + e.key(), e.getMessage());
            }
        }
        declared.deleted().ifPresent(rule -> {
            if (declared.source() instanceof JdbcSource && !JdbcSource.IDENTIFIER.matcher(rule.column()).matches()) {
                throw binder.fail("deleted.column", "expected an SQL identifier matching " + JdbcSource.IDENTIFIER.pattern()
                        + ", found '" + rule.column() + "'");
            }
        });
        return new ConnectorDeclaration(file, declared.name(), dataset, declared.source(), mapping, declared.deleted());
    }

    /** {@code sqlColumns}: columns must be SQL identifiers (JDBC); file headers and custom sources may use any name. */
    private static List<FieldMapping> mapping(OptionBinder binder, Map<String, MappedColumn> declared,
            DatasetDescriptor dataset, boolean sqlColumns, boolean fileSource) {
        List<FieldMapping> result = new ArrayList<>();
        declared.forEach((field, column) -> {
            String path = "mapping." + field;
            if (dataset.field(field).isEmpty()) {
                throw binder.fail(path, "expected a field of " + dataset.id() + " (" + String.join(", ", dataset.fieldNames())
                        + "), found '" + field + "'");
            }
            if (column.constant().isPresent()) {
                if (field.equals(dataset.subjectField())) {
                    throw binder.fail(path + ".constant", "expected a column for the subject field '" + field
                            + "': every record would be about the same subject");
                }
                result.add(FieldMapping.constant(field, column.constant().get()));
                return;
            }
            if (column.fileTime().isPresent() && !fileSource) {
                throw binder.fail(path + ".fileTime", "expected only in a declaration of kind: file (the time of the "
                        + "dropped file); this source has no file");
            }
            String name = column.sourceColumn().orElseThrow();
            if (sqlColumns && !JdbcSource.IDENTIFIER.matcher(name).matches()) {
                throw binder.fail(path, "expected an SQL identifier matching " + JdbcSource.IDENTIFIER.pattern()
                        + ", found '" + name + "'");
            }
            result.add(new FieldMapping(field, sqlColumns ? name : name.strip(), column.codes()));
        });
        for (FieldDescriptor field : dataset.fields()) {
            if (field.required() && result.stream().noneMatch(m -> m.field().equals(field.name()))) {
                throw binder.fail("mapping", "expected a mapping for required field '" + field.name() + "' of " + dataset.id());
            }
        }
        if (result.stream().noneMatch(m -> m.field().equals(dataset.subjectField()))) {
            throw binder.fail("mapping", "expected a mapping for the subject field '" + dataset.subjectField() + "'");
        }
        return result;
    }
}
