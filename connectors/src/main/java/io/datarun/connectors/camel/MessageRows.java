package io.datarun.connectors.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.file.CsvFiles;
import io.datarun.connectors.file.Sheet;
import io.datarun.connectors.file.XlsxFiles;
import io.datarun.connectors.http.HttpJsonSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Turns an exchange's body into source rows: a JSON object is one row, a JSON array one row per item
 * (nested objects flattened to dotted columns, as for HTTP sources), a CSV or XLSX file one row per
 * line under its header. A body that cannot be read is still one row — holding only
 * {@value #UNREADABLE} with the reason — so it is dead-lettered and counted, never dropped.
 */
final class MessageRows {
    static final String UNREADABLE = ColumnMapper.UNREADABLE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageRows() {
    }

    static List<Map<String, Object>> rows(byte[] body, String format, String fileName) {
        String kind = switch (format) {
            case "json", "csv" -> format;
            default -> fileName == null ? "json" : fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv"
                    : fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx") ? "xlsx" : "json";
        };
        try {
            return switch (kind) {
                case "csv" -> sheet(CsvFiles.read(body, Optional.empty()));
                case "xlsx" -> sheet(XlsxFiles.read(body, Optional.empty()));
                default -> json(body);
            };
        } catch (IOException | RuntimeException e) {
            Map<String, Object> row = new LinkedHashMap<>();
            // the reason only: a parser's message may quote the body, which stays out of Kafka
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage()
                    : e.getMessage();
            row.put(UNREADABLE, kind + ": " + (reason == null ? e.getClass().getSimpleName() : reason.lines().findFirst().orElse("")));
            return List.of(row);
        }
    }

    private static List<Map<String, Object>> json(byte[] body) throws IOException {
        JsonNode node = JSON.readTree(body);
        List<Map<String, Object>> rows = new ArrayList<>();
        if (node != null && node.isObject()) {
            rows.add(HttpJsonSource.flatten((ObjectNode) node));
        } else if (node != null && node.isArray() && !node.isEmpty()) {
            for (JsonNode item : node) {
                if (!item.isObject()) {
                    throw new IOException("expected an array of JSON objects");
                }
                rows.add(HttpJsonSource.flatten((ObjectNode) item));
            }
        } else {
            throw new IOException("expected a JSON object or a non-empty array of objects");
        }
        return rows;
    }

    private static List<Map<String, Object>> sheet(Sheet sheet) {
        List<Map<String, Object>> rows = new ArrayList<>();
        sheet.rows().forEach(row -> rows.add(row.columns()));
        return rows;
    }

    /** The body as bytes, whatever the component handed over (text, bytes, a remote file). */
    static byte[] body(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        if (bytes == null) {
            String text = exchange.getMessage().getBody(String.class);
            bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** The message's id: the declared header's value, else the SHA-256 of the body (a redelivery has the same). */
    static String id(Exchange exchange, Optional<String> idHeader, byte[] body) {
        if (idHeader.isPresent()) {
            Object value = exchange.getMessage().getHeader(idHeader.get());
            if (value != null) {
                return value.toString();
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
