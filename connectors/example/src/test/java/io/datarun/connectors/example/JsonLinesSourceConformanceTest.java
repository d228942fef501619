package io.datarun.connectors.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.testkit.SourceConnectorConformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example source, checked by the conformance kit as an integrator checks theirs. */
class JsonLinesSourceConformanceTest extends SourceConnectorConformance {
    private static final LocalDateTime START = LocalDateTime.of(2025, 5, 1, 8, 0);

    @TempDir
    Path dir;
    private int written;

    private Path file() {
        return dir.resolve("residents.jsonl");
    }

    @Override
    protected SourceConnector newSource() {
        return new JsonLinesSource();
    }

    @Override
    protected SourceContext context() {
        return context(Map.of("file", file().toString()));
    }

    @Override
    protected void addRows(int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            written++;
            lines.append("{\"sfzh\":\"1101051980010200").append(String.format("%02d", written % 100))
                    .append("\",\"xm\":\"张").append(written).append("\",\"gxsj\":\"")
                    .append(START.plusMinutes(written)).append("\"}\n");
        }
        Files.writeString(file(), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    protected String changeTimeColumn() {
        return "gxsj";
    }

    @Test
    void whenTheLastLineIsStillBeingWrittenThenItIsLeftForTheNextPoll() throws Exception {
        addRows(2);
        Files.writeString(file(), "{\"sfzh\":\"half", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (SourceConnector source = newSource()) {
            source.open(context());
            assertEquals(2, source.poll(null, 10).rows().size());
        }
    }
}
