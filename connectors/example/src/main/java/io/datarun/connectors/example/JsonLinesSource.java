package io.datarun.connectors.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.connectors.spi.DefaultSourceConnector;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worked example of the SPI: a file of JSON objects, one per line, that only grows (an export
 * a system appends to). Position: the number of lines committed. Declared as
 * <pre>
 * source:
 *   kind: java
 *   class: io.datarun.connectors.example.JsonLinesSource
 *   options: {file: /data/exports/residents.jsonl}
 * </pre>
 * with this module's jar in the runtime's plugins folder. Top-level members of each object are the
 * columns the mapping names. A missing file has no rows yet.
 */
public class JsonLinesSource extends DefaultSourceConnector {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected List<Map<String, Object>> read(long skip, int max) throws Exception {
        Path file = Path.of(context().requireOption("file"));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            String text;
            while (rows.size() < max && (text = reader.readLine()) != null) {
                if (line++ < skip) {
                    continue;
                }
                if (!text.endsWith("}")) {
                    break; // a line still being written: read it next time
                }
                rows.add(columns(JSON.readTree(text)));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return rows;
    }

    static Map<String, Object> columns(JsonNode object) {
        Map<String, Object> columns = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> columns.put(e.getKey(),
                e.getValue().isNull() ? null : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return columns;
    }
}
