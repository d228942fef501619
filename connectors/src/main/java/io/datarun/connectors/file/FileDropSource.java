package io.datarun.connectors.file;

import io.datarun.connectors.declaration.FileSource;
import io.datarun.connectors.spi.RejectedRow;
import io.datarun.connectors.spi.RowViolation;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The file-drop source ({@code kind: file}), written against the same SPI as custom sources.
 *
 * <p>A file is taken when it is complete: its name ends in {@code .csv}, {@code .xlsx} or {@code .xls} (not
 * {@code .part}/{@code .tmp}, not hidden) and its size and modification time have not changed for
 * {@code settle}. Files are taken oldest first. The position (see {@link FileDropPosition}) names the
 * file's SHA-256 and the data rows committed, so a crash mid-file resumes at the next row, and a
 * file whose checksum was read completely before is moved to {@code done/} without being read again.
 *
 * <p>After the batch that completes a file is committed, the file moves to {@code done/}; rows
 * dead-lettered from it are listed in {@code done/<name>.rejections.csv} (row, field, code,
 * message), written batch by batch after each commit.
 */
public final class FileDropSource implements SourceConnector {
    private static final Logger LOG = Logger.getLogger(FileDropSource.class);
    static final String DONE = "done";
    /** The largest file read; a larger one stays in the folder, unread, with a warning. */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final FileSource declaration;
    private final long maxFileBytes;
    private final java.util.Set<String> warned = new java.util.HashSet<>();
    private final Map<String, Observation> observed = new HashMap<>();
    private String connector = "";
    private java.time.ZoneId zone = java.time.ZoneId.systemDefault();
    private Loaded loaded;
    private Pending pending;

    public FileDropSource(FileSource declaration) {
        this(declaration, MAX_FILE_BYTES);
    }

    FileDropSource(FileSource declaration, long maxFileBytes) {
        this.declaration = declaration;
        this.maxFileBytes = maxFileBytes;
    }

    private record Observation(long size, FileTime modified, long seenAtNanos) {
    }

    /** The file whose rows are in memory, with the columns {@code fileTime} mappings read. */
    private record Loaded(Path file, String sha256, Sheet sheet) {
    }

    /** What the last poll handed out: applied by {@link #committed} once Kafka has it. */
    private record Pending(Path file, String sha256, boolean complete, Optional<FullExport> export) {
    }

    /**
     * A full export the last poll handed out whole ({@code fullExport: true}): its file and every data
     * row of it, those of earlier batches included, so the connector can tell which subjects it lacks.
     */
    public record FullExport(String file, String sha256, List<Map<String, Object>> rows) {
    }

    @Override
    public void open(SourceContext context) throws IOException {
        connector = context.connector();
        zone = context.zone();
        Files.createDirectories(declaration.dir().resolve(DONE));
    }

    @Override
    public SourceBatch poll(String positionText, int max) throws IOException {
        FileDropPosition position = FileDropPosition.parse(positionText);
        pending = null;
        if (position.current().isPresent()) {
            FileDropPosition.Current current = position.current().get();
            Optional<Path> file = inFolder(current.file());
            if (file.isPresent() && load(file.get()).sha256().equals(current.sha256())) {
                return read(position, loaded, current.rows(), max);
            }
            LOG.warnf("connector=%s file %s (sha256 %s) changed or vanished after %d rows were committed; "
                    + "those rows stay, the rest of it is not read", connector, current.file(), current.sha256(), current.rows());
            position = position.abandoned();
        }
        Optional<Path> next = nextStableFile();
        if (next.isEmpty()) {
            return positionText == null ? SourceBatch.empty(null) : new SourceBatch(List.of(), position.text());
        }
        Loaded file = load(next.get());
        if (position.isDone(file.sha256())) {
            LOG.infof("connector=%s file %s has the checksum of a file already read (sha256 %s): moved to %s/ unread",
                    connector, file.file().getFileName(), file.sha256(), DONE);
            moveToDone(file.file());
            return new SourceBatch(List.of(), position.text());
        }
        LOG.infof("connector=%s reading %s (sha256 %s, %d data rows, header %s)", connector, file.file().getFileName(),
                file.sha256(), file.sheet().rows().size(), file.sheet().header());
        return read(position, file, 0, max);
    }

    private SourceBatch read(FileDropPosition position, Loaded file, long from, int max) {
        List<Sheet.Row> rows = file.sheet().rows();
        // a full export is one batch, one transaction with its deletions: readers never see half of it
        int end = declaration.fullExport() ? rows.size() : (int) Math.min(rows.size(), from + max);
        String name = file.file().getFileName().toString();
        List<SourceRow> batch = new ArrayList<>();
        for (int i = (int) from; i < end; i++) {
            Sheet.Row row = rows.get(i);
            batch.add(new SourceRow(FileDropPosition.rowPosition(name, file.sha256(), row.number()), row.columns()));
        }
        boolean complete = end >= rows.size();
        Optional<FullExport> export = complete && declaration.fullExport()
                ? Optional.of(new FullExport(name, file.sha256(), rows.stream().map(Sheet.Row::columns).toList()))
                : Optional.empty();
        pending = new Pending(file.file(), file.sha256(), complete, export);
        FileDropPosition next = complete ? position.finished(file.sha256()) : position.reading(name, file.sha256(), end);
        return new SourceBatch(batch, next.text());
    }

    /** The full export the last poll handed out, if it did (only with {@code fullExport: true}). */
    public Optional<FullExport> fullExport() {
        return pending == null ? Optional.empty() : pending.export();
    }

    /** Adds a line to the file's report ({@code done/<name>.rejections.csv}) before the file moves there. */
    public void report(String field, String code, String message) throws IOException {
        Pending current = pending;
        if (current == null) {
            return;
        }
        Path report = partialReport(current.file());
        String line = (Files.exists(report) ? "" : "\uFEFFrow,field,code,message\n") + "," + csv(field) + "," + csv(code)
                + "," + csv(message) + "\n";
        Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void committed(SourceBatch batch, List<RejectedRow> rejected) throws IOException {
        Pending done = pending;
        pending = null;
        if (done == null) {
            return;
        }
        if (!rejected.isEmpty()) {
            appendReport(done.file(), rejected);
        }
        if (done.complete()) {
            moveToDone(done.file());
            loaded = null;
        }
    }

    private void appendReport(Path file, List<RejectedRow> rejected) throws IOException {
        Path report = partialReport(file);
        StringBuilder lines = new StringBuilder();
        if (!Files.exists(report)) {
            lines.append('\uFEFF').append("row,field,code,message\n"); // the mark lets Excel open it as UTF-8
        }
        for (RejectedRow row : rejected) {
            String number = String.valueOf(rowNumber(row.row().position()));
            for (RowViolation v : row.violations()) {
                lines.append(number).append(',').append(csv(v.field())).append(',').append(csv(v.code())).append(',')
                        .append(csv(v.message())).append('\n');
            }
        }
        Files.writeString(report, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Path partialReport(Path file) {
        return declaration.dir().resolve(DONE).resolve("." + file.getFileName() + ".rejections.csv.part");
    }

    private void moveToDone(Path file) throws IOException {
        Path doneDir = declaration.dir().resolve(DONE);
        String name = file.getFileName().toString();
        Path target = doneDir.resolve(name);
        if (Files.exists(target)) {
            String stamp = String.valueOf(System.currentTimeMillis());
            int dot = name.lastIndexOf('.');
            name = dot > 0 ? name.substring(0, dot) + "." + stamp + name.substring(dot) : name + "." + stamp;
            target = doneDir.resolve(name);
        }
        Path report = partialReport(file);
        if (Files.exists(report)) {
            Files.move(report, doneDir.resolve(name + ".rejections.csv"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(file, target);
        observed.remove(file.getFileName().toString());
        LOG.infof("connector=%s file %s read: moved to %s", connector, file.getFileName(), declaration.dir().relativize(target));
    }

    /** The oldest complete file in the folder, if any. */
    private Optional<Path> nextStableFile() throws IOException {
        List<Path> candidates;
        try (Stream<Path> listing = Files.list(declaration.dir())) {
            // a symbolic link is never followed: it could point at the runtime's secrets
            candidates = listing.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(FileDropSource::eligible).filter(this::withinCap).toList();
        }
        long now = System.nanoTime();
        observed.keySet().retainAll(candidates.stream().map(p -> p.getFileName().toString()).toList());
        List<Path> stable = new ArrayList<>();
        for (Path file : candidates) {
            long size = Files.size(file);
            FileTime modified = Files.getLastModifiedTime(file);
            Observation seen = observed.get(file.getFileName().toString());
            if (seen == null || seen.size() != size || !seen.modified().equals(modified)) {
                observed.put(file.getFileName().toString(), new Observation(size, modified, now));
            } else if (now - seen.seenAtNanos() >= declaration.settle().toNanos()) {
                stable.add(file);
            }
        }
        return stable.stream().min(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).thenComparing(Path::getFileName));
    }

    /**
     * A position's file, if it names a regular file directly in the folder: no separator, no
     * {@code ..}, not a link, its real path inside the folder. Anything else is not read.
     */
    private Optional<Path> inFolder(String name) throws IOException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")
                || name.equals(".")) {
            LOG.warnf("connector=%s position names '%s', not a file of the folder: not read", connector, name);
            return Optional.empty();
        }
        Path file = declaration.dir().resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !file.toRealPath().getParent().equals(declaration.dir().toRealPath())) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private boolean withinCap(Path file) {
        try {
            if (Files.size(file) <= maxFileBytes) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
        if (warned.add(file.getFileName().toString())) {
            LOG.warnf("connector=%s file %s is larger than %d bytes: not read (split it)", connector, file.getFileName(),
                    maxFileBytes);
        }
        return false;
    }

    public static boolean eligible(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && !lower.endsWith(".part") && !lower.endsWith(".tmp") && Spreadsheets.readable(file);
    }

    private Loaded load(Path file) throws IOException {
        if (loaded != null && loaded.file().equals(file)) {
            return loaded;
        }
        byte[] bytes;
        // NOFOLLOW_LINKS again at open: a file swapped for a link after the listing is refused, not followed
        try (var channel = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                var in = java.nio.channels.Channels.newInputStream(channel)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
        }
        if (bytes.length > maxFileBytes) {
            throw new IOException("file " + file.getFileName() + " grew beyond " + maxFileBytes + " bytes while read");
        }
        String sha256 = sha256(bytes);
        Sheet sheet = withFileTimes(Spreadsheets.read(file, bytes, declaration.encoding(), declaration.sheet()), file);
        loaded = new Loaded(file, sha256, sheet);
        return loaded;
    }

    /**
     * Every row gets the file's modification time and the date in its name (null when the name has
     * none) as columns, for mappings with {@code fileTime}; unmapped, they go nowhere.
     */
    private Sheet withFileTimes(Sheet sheet, Path file) throws IOException {
        return withFileTimes(sheet, file, zone);
    }

    /** {@link #withFileTimes(Sheet, Path)} for a file read elsewhere (the dry run's folder or sample), in {@code zone}. */
    public static Sheet withFileTimes(Sheet sheet, Path file, java.time.ZoneId zone) throws IOException {
        java.time.LocalDateTime modified = java.time.LocalDateTime.ofInstant(
                Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant(), zone);
        java.time.LocalDateTime named = nameDate(file.getFileName().toString()).map(d -> d.atStartOfDay()).orElse(null);
        List<Sheet.Row> rows = new ArrayList<>(sheet.rows().size());
        for (Sheet.Row row : sheet.rows()) {
            Map<String, Object> columns = new java.util.LinkedHashMap<>(row.columns());
            columns.put(io.datarun.connectors.declaration.MappedColumn.FILE_MODIFIED, modified);
            columns.put(io.datarun.connectors.declaration.MappedColumn.FILE_NAME_DATE, named);
            rows.add(new Sheet.Row(row.number(), columns));
        }
        return new Sheet(sheet.header(), rows);
    }

    private static final java.util.regex.Pattern NAME_DAY =
            java.util.regex.Pattern.compile("(?<![0-9])((?:19|20)\\d{2})[-_.]?(\\d{2})[-_.]?(\\d{2})(?![0-9])");
    private static final java.util.regex.Pattern NAME_MONTH =
            java.util.regex.Pattern.compile("(?<![0-9])((?:19|20)\\d{2})[-_.]?(\\d{2})(?![0-9])");

    /** The date a file's name carries: {@code 2025-05-01}, {@code 20250501}, {@code 2025_05_01}; {@code 2025-05} is its first day. */
    static Optional<java.time.LocalDate> nameDate(String name) {
        java.util.regex.Matcher day = NAME_DAY.matcher(name);
        while (day.find()) {
            try {
                return Optional.of(java.time.LocalDate.of(Integer.parseInt(day.group(1)), Integer.parseInt(day.group(2)),
                        Integer.parseInt(day.group(3))));
            } catch (java.time.DateTimeException notADate) {
                // digits that are no date: look further
            }
        }
        java.util.regex.Matcher month = NAME_MONTH.matcher(name);
        while (month.find()) {
            int m = Integer.parseInt(month.group(2));
            if (m >= 1 && m <= 12) {
                return Optional.of(java.time.LocalDate.of(Integer.parseInt(month.group(1)), m, 1));
            }
        }
        return Optional.empty();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** The spreadsheet row number in a row position. */
    static int rowNumber(String position) {
        int at = position.lastIndexOf("\"row\":");
        if (at < 0) {
            return -1;
        }
        String digits = position.substring(at + 6).replaceAll("[^0-9].*$", "");
        return digits.isEmpty() ? -1 : Integer.parseInt(digits);
    }
}
