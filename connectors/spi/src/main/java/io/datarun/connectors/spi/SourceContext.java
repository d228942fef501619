package io.datarun.connectors.spi;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * What a custom source is opened with: who it is and its declared {@code options}.
 *
 * @param declarationFile the YAML file, for messages
 */
public record SourceContext(String connector, String dataset, Map<String, String> options, ZoneId zone,
        Path declarationFile) {

    public SourceContext {
        options = Map.copyOf(options);
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** A required option; a missing one fails with the file and key, as declaration errors do. */
    public String requireOption(String key) {
        return option(key).orElseThrow(() -> new IllegalArgumentException(declarationFile + ": source.options." + key
                + ": expected this option, it is missing"));
    }
}
