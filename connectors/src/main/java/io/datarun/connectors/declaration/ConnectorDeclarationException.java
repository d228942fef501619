package io.datarun.connectors.declaration;

import io.datarun.schemas.options.OptionsFileException;
import java.nio.file.Path;

/**
 * A connector declaration that cannot run: names the file, the key path inside it and what was
 * expected there, so the integrator can fix it without reading our code.
 */
public final class ConnectorDeclarationException extends OptionsFileException {

    public ConnectorDeclarationException(Path file, String keyPath, String expected) {
        this(file, keyPath, expected, 0, null);
    }

    public ConnectorDeclarationException(Path file, String keyPath, String expected, Throwable cause) {
        this(file, keyPath, expected, 0, cause);
    }

    /** @param line the line of the key in the file, 1-based; 0 when unknown */
    public ConnectorDeclarationException(Path file, String keyPath, String expected, int line, Throwable cause) {
        super(file, keyPath, expected, line, cause);
    }
}
