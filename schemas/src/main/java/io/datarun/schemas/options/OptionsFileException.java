package io.datarun.schemas.options;

import java.nio.file.Path;

/**
 * A file of options (a connector declaration, a form definition, the grants file) that cannot be
 * used: names the file, the key path inside it, its line and what was expected there, so whoever
 * wrote the file can fix it without reading our code. Applications may subclass it to keep their
 * own exception type ({@code ConnectorDeclarationException}). An {@link IllegalStateException}: a process
 * cannot start with such a file.
 */
public class OptionsFileException extends IllegalStateException {
    private final String file;
    private final String keyPath;
    private final int line;

    /** @param line the line of the key in the file, 1-based; 0 when unknown */
    public OptionsFileException(Path file, String keyPath, String expected, int line, Throwable cause) {
        super(file + (keyPath.isEmpty() ? "" : ": " + keyPath) + ": " + expected + (line > 0 ? " (line " + line + ")" : ""),
                cause);
        this.file = String.valueOf(file);
        this.keyPath = keyPath;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** Dotted path of the offending key, e.g. {@code source.watermark.column} or {@code fields[2].type}; empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }

    /** The line of that key in the file (1-based), or 0 when unknown. */
    public int line() {
        return line;
    }
}
