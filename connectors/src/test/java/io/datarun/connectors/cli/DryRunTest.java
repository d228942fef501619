package io.datarun.connectors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.support.Residents;
import io.datarun.connectors.support.Spreadsheet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run on a sample CSV: the counts, masked IDs, rejections, and exit codes. */
class DryRunTest {
    private static final String DECLARATION = """
            name: households-drop
            dataset: public-security.household-registry
            source: {kind: file, dir: %s}
            """ + Spreadsheet.MAPPING;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final DryRun dryRun = new DryRun(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void whenSampleCsvHasBadRowsThenCountsRejectionsAndMaskedRecordsArePrintedAndExitIsZero() throws IOException {
        LocalDateTime ts = LocalDateTime.of(2025, 6, 1, 10, 0);
        Residents.Row good = Residents.valid(ts);
        Residents.Row badId = Residents.badChecksum(ts);
        List<Residents.Row> rows = List.of(good, Residents.valid(ts), badId, Residents.valid(ts));
        Path sample = dir.resolve("sample.csv");
        Files.write(sample, Spreadsheet.csv(rows, StandardCharsets.UTF_8));
        // one more row whose gender code the mapping does not know
        Files.writeString(sample, Files.readString(sample).replaceFirst(",男,", ",X,"));
        Path declaration = declaration();

        int exit = dryRun.run(declaration.toString(), "--sample", sample.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed).contains("summary: rows=4 accepted=2 rejected=2");
        assertThat(printed).contains("rejected row=sample.csv:4 field=residentId");
        assertThat(printed).contains("rejected row=sample.csv:2 field=gender");
        assertThat(printed).doesNotContain(rows.get(1).sfzh()).contains(rows.get(1).sfzh().substring(0, 6) + "********");
        assertThat(printed.lines().filter(l -> l.startsWith("record "))).hasSize(2);
    }

    @Test
    void whenTheMappingTakesTheFilesDateAndAConstantThenTheDryRunFillsThemFromTheSample() throws IOException {
        Path sample = dir.resolve("roll-2025-06-02.csv");
        Files.write(sample, Spreadsheet.csv(List.of(Residents.valid(LocalDateTime.of(2025, 6, 1, 10, 0))),
                StandardCharsets.UTF_8));
        Path declaration = dir.resolve("roll.yaml");
        Files.writeString(declaration, DECLARATION.formatted(dir).replace("updatedAt: 更新时间", "updatedAt: {fileTime: name}")
                .replace("ethnicity: 民族", "ethnicity: {constant: 回族}"));

        int exit = dryRun.run(declaration.toString(), "--sample", sample.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(printed).contains("summary: rows=1 accepted=1 rejected=0").contains("\"ethnicity\":\"回族\"")
                .contains("\"updatedAt\":\"2025-06-01T16:00:00Z\"");
    }

    @Test
    void whenLimitIsGivenThenOnlyThatManySampleRowsAreChecked() throws IOException {
        LocalDateTime ts = LocalDateTime.of(2025, 6, 1, 10, 0);
        Path sample = dir.resolve("sample.csv");
        Files.write(sample, Spreadsheet.csv(List.of(Residents.valid(ts), Residents.valid(ts), Residents.valid(ts)),
                StandardCharsets.UTF_8));

        int exit = dryRun.run(declaration().toString(), "--sample", sample.toString(), "--limit", "2");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("summary: rows=2 accepted=2 rejected=0");
    }

    @Test
    void whenDeclarationIsWrongThenExitTwoNamingFileAndKey() throws IOException {
        Path declaration = dir.resolve("broken.yaml");
        Files.writeString(declaration, DECLARATION.formatted(dir).replace("residentId: 身份证号", "residentIdd: 身份证号"));

        int exit = dryRun.run(declaration.toString(), "--sample", dir.resolve("none.csv").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.yaml").contains("mapping.residentIdd");
    }

    private Path declaration() throws IOException {
        Path file = dir.resolve("households-drop.yaml");
        Files.writeString(file, DECLARATION.formatted(dir));
        return file;
    }
}
