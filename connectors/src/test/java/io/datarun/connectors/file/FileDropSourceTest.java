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
    @Test
    void whenARowIsReadThenItCarriesTheFileModificationTimeAndTheDateInTheFileName() throws Exception {
        List<Residents.Row> rows = List.of(Residents.valid(LocalDateTime.of(2025, 7, 1, 8, 0)));
        Path file = dir.resolve("户籍导出_20250515.csv");
        Files.write(file, Spreadsheet.csv(rows, StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2025-05-15T01:30:00Z")));
        FileDropSource source = source();
        AtomicReference<SourceBatch> batch = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            batch.set(source.poll(null, 2));
            return !batch.get().rows().isEmpty();
        });
        Map<String, Object> columns = batch.get().rows().get(0).columns();
        assertThat(columns.get(io.datarun.connectors.declaration.MappedColumn.FILE_MODIFIED))
                .isEqualTo(LocalDateTime.of(2025, 5, 15, 9, 30)); // in the source's zone, China Standard Time
        assertThat(columns.get(io.datarun.connectors.declaration.MappedColumn.FILE_NAME_DATE))
                .isEqualTo(LocalDateTime.of(2025, 5, 15, 0, 0));
    }

    @Test
    void theDateInAFileNameIsADayOrTheFirstOfAMonthAndNeverADivisionCode() {
        assertThat(FileDropSource.nameDate("roll-2025-06-02.csv")).contains(java.time.LocalDate.of(2025, 6, 2));
        assertThat(FileDropSource.nameDate("户籍_20250501.xlsx")).contains(java.time.LocalDate.of(2025, 5, 1));
        assertThat(FileDropSource.nameDate("2025_05_03.xls")).contains(java.time.LocalDate.of(2025, 5, 3));
        assertThat(FileDropSource.nameDate("低保-2025-05.csv")).contains(java.time.LocalDate.of(2025, 5, 1));
        assertThat(FileDropSource.nameDate("110105-roll.csv")).isEmpty();
        assertThat(FileDropSource.nameDate("export-20251341.csv")).isEmpty();
    }
}
