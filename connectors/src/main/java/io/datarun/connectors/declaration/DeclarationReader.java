package io.datarun.connectors.declaration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads connector declarations (one YAML file each) strictly: an unknown key, a dataset the
 * registry does not know, a mapping to a field the schema lacks, a required field left unmapped or
 * an identifier that is not a plain SQL name fails with the file, the key path and what was expected.
 */
public final class DeclarationReader {
    /** SQL identifiers are inlined into queries, so they must be plain names; values are always bound. */
    public static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    /** Connector names become Kafka transactional ids, route ids and offsets keys. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,99}$");
    private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");
    private static final int MAX_BATCH = 100_000;

    private static final Set<String> TOP_KEYS = Set.of("name", "dataset", "source", "mapping", "deleted");
    private static final Set<String> DELETED_KEYS = Set.of("column", "values");
    private static final Set<String> JDBC_KEYS = Set.of("kind", "url", "user", "password", "table", "query",
            "watermark", "batchSize", "pollInterval", "zone");
    private static final Set<String> FILE_KEYS = Set.of("kind", "dir", "encoding", "settle", "sheet", "batchSize",
            "pollInterval", "zone");
    private static final Set<String> JAVA_KEYS = Set.of("kind", "class", "options", "batchSize", "pollInterval", "zone");
    private static final Set<String> HTTP_KEYS = Set.of("kind", "url", "itemsPath", "nextPagePath", "pageParam",
            "firstPage", "sinceParam", "sinceField", "keyField", "headers", "timeout", "batchSize", "pollInterval", "zone");
    private static final Set<String> RABBITMQ_KEYS = Set.of("kind", "uri", "queue", "idField", "dedupeWindow",
            "batchSize", "pollInterval", "zone");
    private static final Set<String> CAMEL_KEYS = Set.of("kind", "route", "routeFile", "format", "idHeader", "dedupeWindow",
            "batchSize", "pollInterval", "zone");
    private static final Set<String> CAMEL_FORMATS = Set.of("auto", "json", "csv");
    private static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final int DEFAULT_DEDUPE_WINDOW = 1_000;
    private static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);
    private static final Set<String> WATERMARK_KEYS = Set.of("column", "key");
    private static final Set<String> MAPPING_KEYS = Set.of("column", "codes");

    private final SchemaRegistry registry;
    private final Placeholders placeholders;
    private final Defaults defaults;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public DeclarationReader(SchemaRegistry registry, Placeholders placeholders, Defaults defaults) {
        this.registry = registry;
        this.placeholders = placeholders;
        this.defaults = defaults;
    }

    /** What a declaration may leave out. */
    public record Defaults(int batchSize, Duration pollInterval, ZoneId zone) {
    }

    /** Every {@code *.yaml} / {@code *.yml} file of a folder, sorted by file name; names must be unique. */
    public List<ConnectorDeclaration> readFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConnectorDeclarationException(dir, "", "expected a folder of connector declarations (*.yaml), "
                    + "set datarun.connectors.dir to one");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            // *.camel.yaml are Camel routes that camel declarations name (routeFile), not declarations
            files = listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")
                    && !p.getFileName().toString().matches(".*\\.camel\\.ya?ml$")).sorted().toList();
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

    public ConnectorDeclaration read(Path file) {
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConnectorDeclarationException(file, "", "expected valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Node top = new Node(file, "", root == null ? yaml.createObjectNode() : root).object(TOP_KEYS);
        String name = top.text("name", true).orElseThrow();
        if (!NAME.matcher(name).matches()) {
            throw top.child("name").fail("expected a name of lower-case letters, digits, '.', '-' or '_' "
                    + "(it becomes the Kafka transactional id), found '" + name + "'");
        }
        String datasetId = top.text("dataset", true).orElseThrow();
        DatasetDescriptor dataset = registry.latest(datasetId).orElseThrow(() -> top.child("dataset")
                .fail("expected a dataset the schema registry knows (" + String.join(", ", registry.datasetIds())
                        + "), found '" + datasetId + "'"));
        SourceDeclaration source = source(top.required("source"));
        List<FieldMapping> mapping = mapping(top.required("mapping"), dataset, source instanceof JdbcSource);
        Optional<DeletionRule> deletion = top.optional("deleted").map(node -> deletion(node, source instanceof JdbcSource));
        return new ConnectorDeclaration(file, name, dataset, source, mapping, deletion);
    }

    private static DeletionRule deletion(Node node, boolean sqlColumns) {
        node.object(DELETED_KEYS);
        String column = node.child("column").column(node.text("column", true).orElseThrow(), sqlColumns);
        Set<String> values = new LinkedHashSet<>();
        node.optional("values").ifPresent(list -> {
            if (!list.json.isArray() || list.json.isEmpty()) {
                throw list.fail("expected a list of the values that mark a row deleted, e.g. [\"1\", \"Y\"]");
            }
            list.json.forEach(value -> values.add(value.asText()));
        });
        return new DeletionRule(column, values.isEmpty() ? DeletionRule.DEFAULT_VALUES : values);
    }

    private SourceDeclaration source(Node source) {
        source.object(null);
        String kind = source.text("kind", true).orElseThrow();
        return switch (kind) {
            case "jdbc" -> jdbc(source.object(JDBC_KEYS));
            case "file" -> file(source.object(FILE_KEYS));
            case "java" -> java(source.object(JAVA_KEYS));
            case "http" -> http(source.object(HTTP_KEYS));
            case "rabbitmq" -> rabbitMq(source.object(RABBITMQ_KEYS));
            case "camel" -> camel(source.object(CAMEL_KEYS));
            default -> throw source.child("kind").fail("expected one of jdbc, file, java, http, rabbitmq, camel, found '"
                    + kind + "'");
        };
    }

    private FileSource file(Node source) {
        Path dir = Path.of(source.text("dir", true).orElseThrow());
        Optional<Charset> encoding = source.text("encoding", false).filter(e -> !e.equalsIgnoreCase("auto")).map(name -> {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                throw source.child("encoding").fail("expected a charset such as UTF-8 or GBK (or auto), found '" + name + "'");
            }
        });
        Duration settle = source.text("settle", false).map(text -> duration(source.child("settle"), text))
                .orElse(DEFAULT_SETTLE);
        return new FileSource(dir, encoding, settle, source.text("sheet", false), batchSize(source),
                pollInterval(source), zone(source));
    }

    private JavaSource java(Node source) {
        String className = source.text("class", true).orElseThrow();
        if (!className.matches("^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$")) {
            throw source.child("class").fail("expected a fully qualified Java class name, found '" + className + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        source.optional("options").ifPresent(node -> {
            node.object(null);
            node.json.fieldNames().forEachRemaining(key -> options.put(key, node.child(key).resolved()));
        });
        return new JavaSource(className, options, batchSize(source), pollInterval(source), zone(source));
    }

    private HttpSource http(Node source) {
        String urlText = source.text("url", true).orElseThrow();
        URI url;
        try {
            url = new URI(urlText);
        } catch (URISyntaxException e) {
            throw source.child("url").fail("expected an http:// or https:// address, found '" + urlText + "'");
        }
        if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
            throw source.child("url").fail("expected an http:// or https:// address, found '" + urlText + "'");
        }
        String itemsPath = source.text("itemsPath", false).orElse("$");
        jsonPath(source.child("itemsPath"), itemsPath);
        Optional<String> nextPagePath = source.text("nextPagePath", false);
        nextPagePath.ifPresent(path -> jsonPath(source.child("nextPagePath"), path));
        Optional<String> pageParam = source.text("pageParam", false);
        if (nextPagePath.isPresent() && pageParam.isPresent()) {
            throw source.child("pageParam").fail("expected either nextPagePath or pageParam, not both");
        }
        int firstPage = source.integer("firstPage").orElse(1);
        String sinceField = source.text("sinceField", true).orElseThrow();
        jsonPath(source.child("sinceField"), sinceField);
        Optional<String> keyField = source.text("keyField", false);
        keyField.ifPresent(path -> jsonPath(source.child("keyField"), path));
        Map<String, String> headers = new LinkedHashMap<>();
        source.optional("headers").ifPresent(node -> {
            node.object(null);
            node.json.fieldNames().forEachRemaining(key -> {
                if (!key.matches("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")) {
                    throw node.child(key).fail("expected an HTTP header name, found '" + key + "'");
                }
                headers.put(key, node.child(key).resolved());
            });
        });
        Duration timeout = source.text("timeout", false).map(text -> duration(source.child("timeout"), text))
                .orElse(DEFAULT_HTTP_TIMEOUT);
        return new HttpSource(url, itemsPath, nextPagePath, pageParam, firstPage, source.text("sinceParam", false),
                sinceField, keyField, headers, timeout, batchSize(source), pollInterval(source), zone(source));
    }

    private static void jsonPath(Node node, String path) {
        if (!JsonPaths.valid(path)) {
            throw node.fail("expected a JSON path such as data.items or $.data.items, found '" + path + "'");
        }
    }

    private RabbitMqSource rabbitMq(Node source) {
        String uri = source.text("uri", true).orElseThrow();
        if (!uri.matches("(?i)^amqps?://.+")) {
            throw source.child("uri").fail("expected an amqp:// or amqps:// address such as "
                    + "amqp://user:password@host:5672/vhost");
        }
        String queue = source.text("queue", true).orElseThrow();
        int window = source.integer("dedupeWindow").orElse(DEFAULT_DEDUPE_WINDOW);
        if (window < 1 || window > 1_000_000) {
            throw source.child("dedupeWindow").fail("expected a number of message ids between 1 and 1000000, found " + window);
        }
        int batchSize = batchSize(source);
        if (window < batchSize) {
            throw source.child("dedupeWindow").fail("expected at least batchSize (" + batchSize + ") message ids, found "
                    + window);
        }
        return new RabbitMqSource(uri, queue, source.text("idField", false), window, batchSize, pollInterval(source),
                zone(source));
    }

    /**
     * A Camel route in YAML DSL, inline or in a file beside the declaration. Its text is kept as it is:
     * {@code ${...}} there is Camel's simple language, not a declaration placeholder.
     */
    private CamelSource camel(Node source) {
        Optional<Node> inline = source.optional("route");
        Optional<String> file = source.text("routeFile", false);
        if (inline.isPresent() == file.isPresent()) {
            throw source.fail("expected exactly one of 'route' (Camel YAML DSL) or 'routeFile' (a *.camel.yaml file)");
        }
        String route;
        Node at = inline.orElseGet(() -> source.child("routeFile"));
        if (inline.isPresent()) {
            try {
                route = yaml.writeValueAsString(inline.get().json);
            } catch (JsonProcessingException e) {
                throw inline.get().fail("expected Camel YAML DSL: " + e.getOriginalMessage());
            }
        } else {
            Path routeFile = source.file.toAbsolutePath().getParent().resolve(file.get()).normalize();
            try {
                route = Files.readString(routeFile);
            } catch (IOException e) {
                throw at.fail("expected a readable Camel YAML DSL file, cannot read " + routeFile + ": " + e.getMessage());
            }
        }
        JsonNode parsed;
        try {
            parsed = yaml.readTree(route);
        } catch (JsonProcessingException e) {
            throw at.fail("expected Camel YAML DSL: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isArray() || parsed.size() != 1
                || !(parsed.get(0).has("route") || parsed.get(0).has("from"))) {
            throw at.fail("expected one route: a list with a single '- route:' or '- from:' entry");
        }
        if (!route.contains(CamelSource.DOOR)) {
            throw at.fail("expected the route to end at '" + CamelSource.DOOR + "' (to: " + CamelSource.DOOR
                    + "), where rows are validated, dead-lettered and published");
        }
        String format = source.text("format", false).orElse("auto");
        if (!CAMEL_FORMATS.contains(format)) {
            throw source.child("format").fail("expected one of auto, json, csv, found '" + format + "'");
        }
        int window = source.integer("dedupeWindow").orElse(DEFAULT_DEDUPE_WINDOW);
        if (window < 1 || window > 1_000_000) {
            throw source.child("dedupeWindow").fail("expected a number of message ids between 1 and 1000000, found " + window);
        }
        return new CamelSource(route, format, source.text("idHeader", false), window, batchSize(source),
                pollInterval(source), zone(source));
    }

    private int batchSize(Node source) {
        int batchSize = source.integer("batchSize").orElse(defaults.batchSize());
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw source.child("batchSize").fail("expected a batch size between 1 and " + MAX_BATCH + ", found " + batchSize);
        }
        return batchSize;
    }

    private Duration pollInterval(Node source) {
        return source.text("pollInterval", false)
                .map(text -> duration(source.child("pollInterval"), text)).orElse(defaults.pollInterval());
    }

    private ZoneId zone(Node source) {
        return source.text("zone", false).map(text -> {
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                throw source.child("zone").fail("expected a time zone id such as Asia/Shanghai, found '" + text + "'");
            }
        }).orElse(defaults.zone());
    }

    private JdbcSource jdbc(Node source) {
        Optional<String> table = source.text("table", false);
        Optional<String> query = source.text("query", false);
        if (table.isPresent() == query.isPresent()) {
            throw source.fail("expected exactly one of 'table' or 'query'");
        }
        table.ifPresent(t -> source.child("table").identifier(t));
        query.ifPresent(q -> {
            String trimmed = q.strip();
            if (!trimmed.regionMatches(true, 0, "select", 0, 6) || trimmed.contains(";")) {
                throw source.child("query").fail("expected one SELECT statement without ';' (it is used as a subquery)");
            }
        });
        Node watermark = source.required("watermark").object(WATERMARK_KEYS);
        String column = watermark.child("column").identifier(watermark.text("column", true).orElseThrow());
        String key = watermark.child("key").identifier(watermark.text("key", true).orElseThrow());
        int batchSize = batchSize(source);
        Duration pollInterval = pollInterval(source);
        ZoneId zone = zone(source);
        return new JdbcSource(source.text("url", true).orElseThrow(), source.text("user", false),
                source.text("password", false), table, query.map(String::strip), column, key, batchSize,
                pollInterval, zone);
    }

    /** {@code sqlColumns}: columns must be SQL identifiers (JDBC); file headers and custom sources may use any name. */
    private List<FieldMapping> mapping(Node mapping, DatasetDescriptor dataset, boolean sqlColumns) {
        mapping.object(null);
        List<FieldMapping> result = new ArrayList<>();
        for (Iterator<String> names = mapping.json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            Node entry = mapping.child(field);
            if (dataset.field(field).isEmpty()) {
                throw entry.fail("expected a field of " + dataset.id() + " (" + String.join(", ", dataset.fieldNames())
                        + "), found '" + field + "'");
            }
            if (entry.json.isTextual()) {
                result.add(new FieldMapping(field, entry.column(entry.resolved(), sqlColumns), Map.of()));
                continue;
            }
            entry.object(MAPPING_KEYS);
            String column = entry.child("column").column(entry.text("column", true).orElseThrow(), sqlColumns);
            Map<String, String> codes = new LinkedHashMap<>();
            entry.optional("codes").ifPresent(codeNode -> {
                codeNode.object(null);
                codeNode.json.fieldNames().forEachRemaining(code -> {
                    Node value = codeNode.child(code);
                    if (!value.json.isValueNode() || value.json.isNull()) {
                        throw value.fail("expected the schema value for source code '" + code + "'");
                    }
                    codes.put(code, value.resolved());
                });
            });
            result.add(new FieldMapping(field, column, codes));
        }
        for (FieldDescriptor field : dataset.fields()) {
            boolean required = field.required();
            if (required && result.stream().noneMatch(m -> m.field().equals(field.name()))) {
                throw mapping.fail("expected a mapping for required field '" + field.name() + "' of " + dataset.id());
            }
        }
        if (result.stream().noneMatch(m -> m.field().equals(dataset.subjectField()))) {
            throw mapping.fail("expected a mapping for the subject field '" + dataset.subjectField() + "'");
        }
        return result;
    }

    private static Duration duration(Node node, String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        try {
            Duration duration;
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                duration = Duration.parse(text.strip());
            }
            if (duration.toMillis() < 1) {
                throw new ArithmeticException("not positive");
            }
            return duration;
        } catch (RuntimeException e) {
            throw node.fail("expected a positive duration such as 500ms, 2s, 5m or PT2S, found '" + text + "'");
        }
    }

    /** A position in the YAML tree that knows its key path, for messages. */
    private final class Node {
        private final Path file;
        private final String path;
        private final JsonNode json;

        Node(Path file, String path, JsonNode json) {
            this.file = file;
            this.path = path;
            this.json = json;
        }

        ConnectorDeclarationException fail(String expected) {
            return new ConnectorDeclarationException(file, path, expected);
        }

        Node child(String key) {
            return new Node(file, path.isEmpty() ? key : path + "." + key, json.path(key));
        }

        /** Checks this is a mapping whose keys are all in {@code allowed} (any key when null). */
        Node object(Set<String> allowed) {
            if (!json.isObject()) {
                throw fail("expected a mapping of keys" + (allowed == null ? "" : " (" + String.join(", ", sorted(allowed)) + ")"));
            }
            if (allowed != null) {
                json.fieldNames().forEachRemaining(key -> {
                    if (!allowed.contains(key)) {
                        throw child(key).fail("unknown key; expected one of " + String.join(", ", sorted(allowed)));
                    }
                });
            }
            return this;
        }

        Node required(String key) {
            return optional(key).orElseThrow(() -> child(key).fail("expected this key, it is missing"));
        }

        Optional<Node> optional(String key) {
            JsonNode value = json.get(key);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(child(key));
        }

        Optional<String> text(String key, boolean required) {
            Optional<Node> node = required ? Optional.of(required(key)) : optional(key);
            return node.map(Node::resolved).filter(text -> required || !text.isEmpty());
        }

        Optional<Integer> integer(String key) {
            return optional(key).map(node -> {
                if (node.json.canConvertToExactIntegral() && node.json.canConvertToInt()) {
                    return node.json.intValue();
                }
                String text = node.resolved();
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw node.fail("expected a whole number, found '" + text + "'");
                }
            });
        }

        /** This scalar as text, placeholders resolved. */
        String resolved() {
            if (!json.isValueNode()) {
                throw fail("expected a single value");
            }
            Placeholders.Resolution resolution = placeholders.resolve(json.asText());
            if (!resolution.ok()) {
                throw fail("expected environment variable or system property '" + resolution.unresolved()
                        + "' to be set, or a default as ${" + resolution.unresolved() + ":default}");
            }
            String text = resolution.value();
            if (text.isEmpty() && path.endsWith("password")) {
                return text;
            }
            if (text.isBlank() && !path.endsWith("password") && !path.endsWith("user")) {
                throw fail("expected a value, found an empty one");
            }
            return text;
        }

        String column(String text, boolean sql) {
            return sql ? identifier(text) : text.strip();
        }

        String identifier(String text) {
            if (!IDENTIFIER.matcher(text).matches()) {
                throw fail("expected an SQL identifier matching " + IDENTIFIER.pattern() + ", found '" + text + "'");
            }
            return text;
        }

        private static List<String> sorted(Set<String> keys) {
            return keys.stream().sorted().toList();
        }
    }
}
