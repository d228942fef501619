package io.datarun.schemas.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One YAML file bound whole to its {@link Option} record, values as written (no placeholders): the
 * record, its tree (for checks that need what was written), and {@link #fail} for the checks the
 * caller makes afterwards, which then name the file and line as the binder's own do.
 */
public final class OptionsFile<T> {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final T value;
    private final JsonNode tree;
    private final OptionBinder binder;

    private OptionsFile(T value, JsonNode tree, OptionBinder binder) {
        this.value = value;
        this.tree = tree;
        this.binder = binder;
    }

    /** Reads and binds {@code file}; an {@link OptionsFileException} names what is wrong and where. */
    public static <T> OptionsFile<T> read(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        JsonNode tree;
        YamlLines lines;
        try {
            tree = YAML.readTree(text);
            lines = YamlLines.of(text);
        } catch (JsonProcessingException e) {
            throw new OptionsFileException(file, "", "expected valid YAML: " + e.getOriginalMessage(), 0, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            tree = YAML.createObjectNode();
        }
        OptionBinder binder = OptionBinder.plain(file, lines);
        return new OptionsFile<>(binder.bind(type, tree, ""), tree, binder);
    }

    public T value() {
        return value;
    }

    /** The tree as written, for the node at a key path the caller knows ({@code grants[2]}). */
    public JsonNode tree() {
        return tree;
    }

    /** The failure at {@code keyPath} ({@code fields[2].sources[0]}), with its line. */
    public OptionsFileException fail(String keyPath, String expected) {
        return binder.fail(keyPath, expected);
    }
}
