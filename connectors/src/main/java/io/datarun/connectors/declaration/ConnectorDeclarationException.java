package io.datarun.connectors.declaration;

import java.nio.file.Path;

/**
 * A connector declaration that cannot run: names the file, the key path inside it and what was
 * expected there, so the integrator can fix it without reading our code.
 */
public final class ConnectorDeclarationException extends RuntimeException {
    private final String file;
    private final String keyPath;

    public ConnectorDeclarationException(Path file, String keyPath, String expected) {
        this(file, keyPath, expected, null);
    }

    public ConnectorDeclarationException(Path file, String keyPath, String expected, Throwable cause) {
        super(file + (keyPath.isEmpty() ? "" : ": " + keyPath) + ": " + expected, cause);
        this.file = String.valueOf(file);
        this.keyPath = keyPath;
    }

    public String file() {
        return file;
    }

    /** Dotted path of the offending key, e.g. {@code source.watermark.column}; empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }
}
