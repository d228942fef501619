package io.datarun.connectors.file;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The spreadsheet kinds a drop folder reads, chosen by file name extension. */
public final class Spreadsheets {
    private Spreadsheets() {
    }

    public static boolean readable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".xlsx") || name.endsWith(".xls");
    }

    public static Sheet read(Path file, byte[] bytes, Optional<Charset> encoding, Optional<String> sheet) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".xlsx") || name.endsWith(".xls")) {
            return XlsxFiles.read(bytes, sheet);
        }
        if (name.endsWith(".csv")) {
            return CsvFiles.read(bytes, encoding);
        }
        throw new IllegalArgumentException(file + ": expected a .csv, .xlsx or .xls file");
    }
}
