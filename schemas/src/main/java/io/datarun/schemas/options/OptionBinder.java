package io.datarun.schemas.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds one options file's YAML tree (a connector declaration, a form definition, the grants file)
 * to the records that declare its {@link Option}s: checks that every mapping holds only allowed
 * keys, resolves references in every value (a connector's {@code ${NAME:default}}), converts values
 * to their component's type, applies defaults and builds the records, whose constructors check what
 * involves several values. Every failure names the file, the key path ({@code fields[2].type}), the
 * line and what was expected.
 */
public final class OptionBinder {
    private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h)$");

    private final Path file;
    private final YamlLines lines;
    private final UnaryOperator<String> values;
    private final Map<String, Object> runtimeDefaults;
    private final Failures failures;

    /** How an application names a failure: its own subclass of {@link OptionsFileException}. */
    @FunctionalInterface
    public interface Failures {
        OptionsFileException at(Path file, String keyPath, String expected, int line);
    }

    /**
     * @param values          resolves references in a scalar's text, or throws {@link InvalidOption}
     *                        (key empty) saying what is missing; {@link UnaryOperator#identity()} for none
     * @param runtimeDefaults the values of the {@link Option#defaultFrom()} configuration keys
     */
    public OptionBinder(Path file, YamlLines lines, UnaryOperator<String> values, Map<String, Object> runtimeDefaults,
            Failures failures) {
        this.file = file;
        this.lines = lines;
        this.values = values;
        this.runtimeDefaults = runtimeDefaults;
        this.failures = failures;
    }

    /** A binder of a file whose values are taken as written, failing with {@link OptionsFileException}. */
    public static OptionBinder plain(Path file, YamlLines lines) {
        return new OptionBinder(file, lines, UnaryOperator.identity(), Map.of(),
                (f, keyPath, expected, line) -> new OptionsFileException(f, keyPath, expected, line, null));
    }

    /** The failure at {@code path} (its line looked up), for checks the caller makes after binding. */
    public OptionsFileException fail(String path, String expected) {
        return failures.at(file, path, expected, lines.lineOf(path));
    }

    /** The record of {@code type} that {@code node} (a mapping at {@code path}) declares. */
    public <T> T bind(Class<T> type, JsonNode node, String path) {
        return type.cast(record(type, node, path, List.of()));
    }

    private Object record(Class<?> type, JsonNode node, String path, List<String> moreKeys) {
        List<String> allowed = new ArrayList<>(DeclaredOption.keys(type));
        allowed.addAll(moreKeys);
        mapping(node, path, allowed);
        return construct(type, values(type, node, path), path);
    }

    /** Checks that {@code node} is a mapping whose keys are all {@code allowed} (any key when null). */
    private void mapping(JsonNode node, String path, List<String> allowed) {
        if (!node.isObject()) {
            throw fail(path, "expected a mapping of keys" + (allowed == null ? "" : " (" + sorted(allowed) + ")"));
        }
        if (allowed != null) {
            node.fieldNames().forEachRemaining(key -> {
                if (!allowed.contains(key)) {
                    throw fail(child(path, key), "unknown key; expected one of " + sorted(allowed));
                }
            });
        }
    }

    private Object[] values(Class<?> type, JsonNode node, String path) {
        List<Object> values = new ArrayList<>();
        for (DeclaredOption declared : DeclaredOption.of(type)) {
            Class<?> inline = declared.component().getType();
            values.add(declared.inline() ? construct(inline, values(inline, node, path), path) : value(declared, node, path));
        }
        return values.toArray();
    }

    private Object value(DeclaredOption declared, JsonNode parent, String parentPath) {
        Option option = declared.option();
        String path = child(parentPath, declared.key());
        JsonNode node = parent.get(declared.key());
        Object value = node == null || node.isNull() ? null : convert(declared.valueType(), node, path, declared);
        if (value == null && !option.defaultValue().isEmpty()) {
            value = convert(declared.valueType(), TextNode.valueOf(option.defaultValue()), path, declared);
        }
        if (value == null && !option.defaultFrom().isEmpty()) {
            value = runtimeDefaults.get(option.defaultFrom());
        }
        if (value == null && !option.required() && DeclaredOption.raw(declared.valueType()) == Map.class) {
            value = Map.of();
        }
        if (value == null && !option.required() && DeclaredOption.raw(declared.valueType()) == List.class) {
            value = List.of();
        }
        if (declared.isOptional()) {
            return Optional.ofNullable(value);
        }
        if (value == null && option.nullWhenAbsent()) {
            return null;
        }
        if (value == null) {
            throw fail(path, "expected this key, it is missing");
        }
        return value;
    }

    /** The value of {@code node} as {@code type} (the option's, or its map's values'); null when it counts as not given. */
    private Object convert(Type type, JsonNode node, String path, DeclaredOption declared) {
        Class<?> raw = DeclaredOption.raw(type);
        if (raw == JsonNode.class) {
            return node; // kept as written, placeholders unresolved: a Camel route's ${...} is its simple language
        }
        if (raw == Map.class) {
            mapping(node, path, null);
            Map<String, Object> map = new LinkedHashMap<>();
            Type valueType = DeclaredOption.typeArgument(type, 1);
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    throw fail(child(path, e.getKey()), "expected a value, found none");
                }
                map.put(e.getKey(), convert(valueType, e.getValue(), child(path, e.getKey()), declared));
            });
            return map;
        }
        if (raw == List.class) {
            if (!node.isArray()) {
                throw fail(path, "expected a list");
            }
            List<Object> list = new ArrayList<>();
            Type itemType = DeclaredOption.typeArgument(type, 0);
            for (int i = 0; i < node.size(); i++) {
                String itemPath = path + "[" + i + "]";
                if (node.get(i).isNull()) {
                    throw fail(itemPath, "expected a value, found none");
                }
                list.add(convert(itemType, node.get(i), itemPath, declared));
            }
            return List.copyOf(list);
        }
        if (declared.oneOf() != null && raw.isInterface()) {
            return oneOf(declared.oneOf(), node, path);
        }
        if (raw.isRecord()) {
            Option.Shorthand shorthand = raw.getAnnotation(Option.Shorthand.class);
            if (shorthand != null && node.isValueNode()) {
                ObjectNode written = JsonNodeFactory.instance.objectNode();
                written.set(shorthand.value(), node);
                return record(raw, written, path, List.of());
            }
            return record(raw, node, path, List.of());
        }
        String text = text(node, path);
        boolean emptyIsAbsent = declared.option().emptyIsAbsent();
        if (text.isEmpty() && emptyIsAbsent) {
            return null;
        }
        if (text.isBlank() && !emptyIsAbsent) {
            throw fail(path, "expected a value, found an empty one");
        }
        return scalar(raw, node, text, path);
    }

    private Object scalar(Class<?> type, JsonNode node, String text, String path) {
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            if (node.canConvertToExactIntegral() && node.canConvertToInt()) {
                return node.intValue();
            }
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw fail(path, "expected a whole number, found '" + text + "'");
            }
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!text.strip().matches("true|false")) {
                throw fail(path, "expected true or false, found '" + text + "'");
            }
            return Boolean.parseBoolean(text.strip());
        }
        if (type == double.class || type == Double.class) {
            try {
                double number = Double.parseDouble(text.strip());
                if (Double.isFinite(number)) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw fail(path, "expected a number, found '" + text + "'");
        }
        if (type == LocalDate.class) {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeException e) {
                throw fail(path, "expected a date yyyy-MM-dd, found '" + text + "'");
            }
        }
        if (type == Duration.class) {
            return duration(text, path);
        }
        if (type == ZoneId.class) {
            try {
                return ZoneId.of(text.strip());
            } catch (DateTimeException e) {
                throw fail(path, "expected a time zone id such as Asia/Shanghai, found '" + text + "'");
            }
        }
        if (type == Charset.class) {
            try {
                // auto: no declared charset, the reader detects one
                return text.strip().equalsIgnoreCase("auto") ? null : Charset.forName(text.strip());
            } catch (IllegalArgumentException e) {
                throw fail(path, "expected a charset such as UTF-8 or GBK (or auto), found '" + text + "'");
            }
        }
        if (type == URI.class) {
            try {
                return new URI(text.strip());
            } catch (URISyntaxException e) {
                throw fail(path, "expected an address, found '" + text + "'");
            }
        }
        if (type == Path.class) {
            return Path.of(text.strip());
        }
        throw new IllegalStateException("no conversion to " + type.getName() + " for declaration key " + path);
    }

    private Object oneOf(Option.OneOf oneOf, JsonNode node, String path) {
        mapping(node, path, null);
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || kindNode.isNull()) {
            throw fail(child(path, "kind"), "expected this key, it is missing");
        }
        String kind = text(kindNode, child(path, "kind"));
        List<String> kinds = Arrays.stream(oneOf.value()).map(OptionBinder::kindOf).toList();
        for (Class<? extends Record> type : oneOf.value()) {
            if (kindOf(type).equals(kind)) {
                return record(type, node, path, List.of("kind"));
            }
        }
        throw fail(child(path, "kind"), "expected one of " + String.join(", ", kinds) + ", found '" + kind + "'");
    }

    public static String kindOf(Class<?> type) {
        return type.getAnnotation(Option.Kind.class).value();
    }

    private Object construct(Class<?> type, Object[] values, String path) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(Arrays.stream(type.getRecordComponents())
                    .map(c -> c.getType()).toArray(Class<?>[]::new));
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InvalidOption invalid) {
                throw fail(invalid.key().isEmpty() ? path : child(path, invalid.key()), invalid.getMessage());
            }
            if (e.getCause() instanceof OptionsFileException declaration) {
                throw declaration;
            }
            throw fail(path, "expected valid values: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /** A scalar as text with its placeholders resolved. */
    private String text(JsonNode node, String path) {
        if (!node.isValueNode()) {
            throw fail(path, "expected a single value");
        }
        try {
            return values.apply(node.asText());
        } catch (InvalidOption e) {
            throw fail(path, e.getMessage());
        }
    }

    private Duration duration(String text, String path) {
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
            throw fail(path, "expected a positive duration such as 500ms, 2s, 5m or PT2S, found '" + text + "'");
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String sorted(List<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }
}
