package io.datarun.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.connectors.declaration.FileSource;
import io.datarun.connectors.declaration.Polling;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.Spreadsheet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drop-folder source on a real folder, without Kafka: where it resumes and what it skips. */
class FileDropSourceTest {
    @TempDir
    Path dir;

    private FileDropSource source() throws Exception {
        FileDropSource source = new FileDropSource(new FileSource(dir, Optional.empty(), Duration.ofMillis(300),
                Optional.empty(), new Polling(2, Duration.ofMillis(100), ZoneId.of("Asia/Shanghai"))));
        source.open(new SourceContext("t", "public-security.household-registry", Map.of(), ZoneId.of("Asia/Shanghai"), dir));
        return source;
    }

    @Test
    void whenRestartedFromCommittedPositionMidFileThenItResumesAtTheNextRow() throws Exception {
        LocalDateTime ts = LocalDateTime.of(2025, 7, 1, 8, 0);
        List<Residents.Row> rows = List.of(Residents.valid(ts), Residents.valid(ts), Residents.valid(ts));
        Files.write(dir.resolve("a.csv"), Spreadsheet.csv(rows, StandardCharsets.UTF_8));
        FileDropSource first = source();
        AtomicReference<SourceBatch> batch = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            batch.set(first.poll(null, 2));
            return !batch.get().rows().isEmpty();
        });
        assertThat(batch.get().rows()).hasSize(2);
        String committed = batch.get().next(); // "crash": committed, never told, file not moved

        FileDropSource restarted = source();
        SourceBatch rest = restarted.poll(committed, 2);
        assertThat(rest.rows()).hasSize(1);
        assertThat(rest.rows().get(0).columns().get("身份证号")).isEqualTo(rows.get(2).sfzh());
        assertThat(FileDropPosition.parse(rest.next()).done()).hasSize(1);
        restarted.committed(rest, List.of());
        assertThat(dir.resolve("done").resolve("a.csv")).exists();
    }

    @Test
    void whenCrashedAfterLastCommitBeforeMoveThenTheFileIsMovedUnread() throws Exception {
        LocalDateTime ts = LocalDateTime.of(2025, 7, 1, 8, 0);
        Files.write(dir.resolve("b.csv"), Spreadsheet.csv(List.of(Residents.valid(ts)), StandardCharsets.UTF_8));
        FileDropSource first = source();
        AtomicReference<SourceBatch> batch = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            batch.set(first.poll(null, 5));
            return !batch.get().rows().isEmpty();
        });
        String committed = batch.get().next();

        FileDropSource restarted = source();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            SourceBatch next = restarted.poll(committed, 5);
            assertThat(next.rows()).isEmpty();
            return Files.exists(dir.resolve("done").resolve("b.csv"));
        });
    }
}
