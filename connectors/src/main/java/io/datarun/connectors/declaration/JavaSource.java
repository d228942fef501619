package io.datarun.connectors.declaration;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * A custom source: a class implementing {@code io.datarun.connectors.spi.SourceConnector} with a
 * public no-argument constructor, and the free-form {@code options} it is opened with.
 */
public record JavaSource(
        String className,
        Map<String, String> options,
        int batchSize,
        Duration pollInterval,
        ZoneId zone) implements SourceDeclaration {

    public JavaSource {
        options = Map.copyOf(options);
    }

    @Override
    public String kind() {
        return "java";
    }
}
