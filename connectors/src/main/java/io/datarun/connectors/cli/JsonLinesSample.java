package io.datarun.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.connectors.spi.SourceRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dry run's JSON-lines sample ({@code --sample rows.jsonl}): one object per line, its top-level
 * members as columns (nested values as their JSON text), rows named {@code line N}; reading stops at
 * a line not ending in '}' (one still being written). The same reading as the SPI's worked example,
 * which the runtime does not carry: that one is a plugin, built against the SPI alone.
 */
final class JsonLinesSample {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesSample() {
    }

    static List<SourceRow> read(Path file, int limit) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            String text;
            while (rows.size() < limit && (text = reader.readLine()) != null) {
                line++;
                if (!text.endsWith("}")) {
                    break; // a line still being written
                }
                rows.add(new SourceRow("line " + line, columns(JSON.readTree(text))));
            }
        }
        return rows;
    }

    private static Map<String, Object> columns(JsonNode object) {
        Map<String, Object> columns = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return columns;
    }
}
