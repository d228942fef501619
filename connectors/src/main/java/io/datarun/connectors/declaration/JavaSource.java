package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.util.Map;

/**
 * A custom source ({@code kind: java}): a class implementing {@code io.datarun.connectors.spi.SourceConnector}
 * with a public no-argument constructor, and the free-form {@code options} it is opened with.
 */
@Option.Kind("java")
public record JavaSource(
        @Option(key = "class", description = "fully qualified name of a class implementing "
                + "`io.datarun.connectors.spi.SourceConnector` with a public no-argument constructor, in a jar of the "
                + "runtime's plugins folder")
        String className,
        @Option(description = "a map of text options handed to the source's `open` (placeholders resolved)")
        Map<String, String> options,
        @Option.Inline
        Polling polling) implements SourceDeclaration {

    public JavaSource {
        if (!className.matches("^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$")) {
            throw new InvalidOption("class", "expected a fully qualified Java class name, found '" + className + "'");
        }
        options = Map.copyOf(options);
    }
}
