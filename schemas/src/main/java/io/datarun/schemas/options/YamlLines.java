package io.datarun.schemas.options;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every key and list item of a YAML text, by dotted key path ({@code source.watermark.column},
 * {@code fields[2].type}), so a message about a key can say where it is. A path that is not in the
 * text (a missing key) gets the line of its nearest enclosing key or item.
 */
public final class YamlLines {
    private static final YAMLFactory YAML = new YAMLFactory();
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {
    }

    /** Indexes a text that is valid YAML (the caller has parsed it already). */
    public static YamlLines of(String text) throws IOException {
        YamlLines index = new YamlLines();
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() != null) {
                index.lines.put("", parser.currentTokenLocation().getLineNr());
                index.walk(parser, "");
            }
        }
        return index;
    }

    private void walk(JsonParser parser, String path) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                lines.putIfAbsent(key, parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                walk(parser, key);
            }
        } else if (parser.currentToken() == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String item = path + "[" + index++ + "]";
                lines.putIfAbsent(item, parser.currentTokenLocation().getLineNr());
                walk(parser, item);
            }
        }
    }

    /** The line of {@code path}, or of its nearest enclosing key; 0 when nothing is known. */
    public int lineOf(String path) {
        String current = path;
        while (true) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            if (current.isEmpty()) {
                return 0;
            }
            int end = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
            current = end < 0 ? "" : current.substring(0, end);
        }
    }
}
