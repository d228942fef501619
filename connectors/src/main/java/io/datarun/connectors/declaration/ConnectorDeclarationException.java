package io.datarun.connectors.declaration;

import java.nio.file.Path;

/**
 * A connector declaration that cannot run: names the file, the key path inside it and what was
 * expected there, so the integrator can fix it without reading our code.
 */
public final class ConnectorDeclarationException extends RuntimeException {
    private final String file;
    private final String keyPath;
    private final int line;

    public ConnectorDeclarationException(Path file, String keyPath, String expected) {
        this(file, keyPath, expected, 0, null);
    }

    public ConnectorDeclarationException(Path file, String keyPath, String expected, Throwable cause) {
        this(file, keyPath, expected, 0, cause);
    }

    /** @param line the line of the key in the file, 1-based; 0 when unknown */
    public ConnectorDeclarationException(Path file, String keyPath, String expected, int line, Throwable cause) {
        super(file + (keyPath.isEmpty() ? "" : ": " + keyPath) + ": " + expected + (line > 0 ? " (line " + line + ")" : ""),
                cause);
        this.file = String.valueOf(file);
        this.keyPath = keyPath;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** Dotted path of the offending key, e.g. {@code source.watermark.column}; empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }

    /** The line of that key in the file (1-based), or 0 when unknown. */
    public int line() {
        return line;
    }
}
