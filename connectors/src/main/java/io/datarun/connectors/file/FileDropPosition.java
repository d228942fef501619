package io.datarun.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A drop folder's committed position: the file being read (name, SHA-256, data rows committed) and
 * the checksums of the files read completely, newest last, so an identical file dropped again is
 * not read twice. Only the last {@link #REMEMBERED} checksums are kept (the position is one Kafka record).
 */
public record FileDropPosition(Optional<Current> current, List<String> done) {
    public static final int REMEMBERED = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public FileDropPosition {
        done = List.copyOf(done.size() > REMEMBERED ? done.subList(done.size() - REMEMBERED, done.size()) : done);
    }

    /** The file being read: {@code rows} data rows of it are committed. */
    public record Current(String file, String sha256, long rows) {
    }

    public static FileDropPosition parse(String text) {
        if (text == null) {
            return new FileDropPosition(Optional.empty(), List.of());
        }
        try {
            JsonNode node = JSON.readTree(text);
            Optional<Current> current = node.hasNonNull("sha256")
                    ? Optional.of(new Current(node.path("file").asText(), node.path("sha256").asText(), node.path("row").asLong()))
                    : Optional.empty();
            List<String> done = new ArrayList<>();
            node.path("done").forEach(n -> done.add(n.asText()));
            return new FileDropPosition(current, done);
        } catch (IOException e) {
            throw new UncheckedIOException("not a file-drop position: " + text, e);
        }
    }

    public boolean isDone(String sha256) {
        return done.contains(sha256);
    }

    public FileDropPosition reading(String file, String sha256, long rows) {
        return new FileDropPosition(Optional.of(new Current(file, sha256, rows)), done);
    }

    public FileDropPosition finished(String sha256) {
        List<String> next = new ArrayList<>(done);
        next.remove(sha256);
        next.add(sha256);
        return new FileDropPosition(Optional.empty(), next);
    }

    public FileDropPosition abandoned() {
        return new FileDropPosition(Optional.empty(), done);
    }

    /** The position text as stored: {@code {"file":…,"sha256":…,"row":…,"done":[…]}}. */
    public String text() {
        ObjectNode node = JSON.createObjectNode();
        current.ifPresent(c -> node.put("file", c.file()).put("sha256", c.sha256()).put("row", c.rows()));
        com.fasterxml.jackson.databind.node.ArrayNode array = node.putArray("done");
        done.forEach(array::add);
        return node.toString();
    }

    /** The position of one data row, as its dead letter and report show it. */
    public static String rowPosition(String file, String sha256, int rowNumber) {
        return JSON.createObjectNode().put("file", file).put("sha256", sha256).put("row", rowNumber).toString();
    }
}
