package io.datarun.connectors.declaration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The small JSON path the declarations use: dotted field names ({@code data.items}), an optional
 * leading {@code $} or {@code $.}, and array indexes ({@code pages[0].next}). {@code $} or an empty
 * path is the node itself.
 */
public final class JsonPaths {
    private JsonPaths() {
    }

    /** The node at {@code path}, or null when any step is missing. */
    public static JsonNode at(JsonNode node, String path) {
        String rest = path.strip();
        if (rest.startsWith("$")) {
            rest = rest.substring(1);
        }
        if (rest.startsWith(".")) {
            rest = rest.substring(1);
        }
        JsonNode current = node;
        if (rest.isEmpty()) {
            return current;
        }
        for (String step : rest.split("\\.")) {
            String name = step;
            int bracket = step.indexOf('[');
            if (bracket >= 0) {
                name = step.substring(0, bracket);
            }
            if (!name.isEmpty()) {
                current = current == null ? null : current.get(name);
            }
            while (bracket >= 0 && current != null) {
                int close = step.indexOf(']', bracket);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in JSON path '" + path + "'");
                }
                current = current.get(Integer.parseInt(step.substring(bracket + 1, close).strip()));
                bracket = step.indexOf('[', close);
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** Whether {@code path} is one this class reads. */
    public static boolean valid(String path) {
        return path.strip().matches("^\\$?(\\.?[^.\\[\\]]+(\\[\\d+])*)?(\\.[^.\\[\\]]+(\\[\\d+])*)*$");
    }
}
