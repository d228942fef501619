package io.datarun.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.FieldMapping;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 8: the drop folder reads only regular files that are really in it. A symbolic
 * link (to the runtime's env file, say) is never followed, a position cannot name a file elsewhere,
 * a file over the size cap is not read, and a refused row keeps only the columns the mapping names.
 */
class FileDropBoundaryTest {
    @TempDir
    Path root;

    private Path dir() throws Exception {
        return Files.createDirectories(root.resolve("drops"));
    }

    private FileDropSource source(Path dir, long maxBytes) throws Exception {
        FileDropSource source = new FileDropSource(new FileSource(dir, Optional.empty(), Duration.ofMillis(50),
                Optional.empty(), new Polling(10, Duration.ofMillis(50), ZoneId.of("Asia/Shanghai"))), maxBytes);
        source.open(new SourceContext("t", "public-security.household-registry", Map.of(), ZoneId.of("Asia/Shanghai"), dir));
        return source;
    }

    private static byte[] sheet() {
        return Spreadsheet.csv(List.of(Residents.valid(LocalDateTime.of(2025, 7, 1, 8, 0))), StandardCharsets.UTF_8);
    }

    /** Polls for longer than the settle time; every row any poll returned. */
    private static int rowsOver(FileDropSource source, String position) throws Exception {
        int rows = 0;
        for (int i = 0; i < 8; i++) {
            SourceBatch batch = source.poll(position, 10);
            rows += batch.rows().size();
            Thread.sleep(40);
        }
        return rows;
    }

    @Test
    void whenTheFolderHoldsASymbolicLinkThenItIsNeverRead() throws Exception {
        Path dir = dir();
        Path secrets = Files.write(root.resolve("runtime.env.csv"), sheet());
        Files.createSymbolicLink(dir.resolve("leak.csv"), secrets);
        assertThat(rowsOver(source(dir, FileDropSource.MAX_FILE_BYTES), null)).isZero();
        assertThat(secrets).exists();
    }

    @Test
    void whenAPositionNamesAFileOutsideTheFolderThenItIsNotRead() throws Exception {
        Path dir = dir();
        byte[] bytes = sheet();
        Files.write(root.resolve("outside.csv"), bytes);
        String position = FileDropPosition.parse(null).reading("../outside.csv", FileDropSource.sha256(bytes), 0).text();
        assertThat(source(dir, FileDropSource.MAX_FILE_BYTES).poll(position, 10).rows()).isEmpty();
    }

    @Test
    void whenAFileIsLargerThanTheCapThenItIsNotRead() throws Exception {
        Path dir = dir();
        Files.write(dir.resolve("big.csv"), sheet());
        assertThat(rowsOver(source(dir, 10), null)).isZero();
        assertThat(rowsOver(source(dir, FileDropSource.MAX_FILE_BYTES), null)).as("positive control").isPositive();
    }

    @Test
    void whenARowIsRefusedThenItsDeadLetterKeepsOnlyTheMappedColumns() {
        ColumnMapper mapper = new ColumnMapper(List.of(new FieldMapping("residentId", "身份证号", Map.of()),
                new FieldMapping("name", " 姓名 ", Map.of())));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("身份证号", "110105194803021010");
        row.put("姓名", "张三");
        row.put("DB_PASSWORD", "hunter2");
        assertThat(mapper.mappedText(row)).containsOnlyKeys("身份证号", "姓名").doesNotContainValue("hunter2");
    }
}
