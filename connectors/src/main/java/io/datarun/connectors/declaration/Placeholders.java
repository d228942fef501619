package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME:default}} in declaration values: the environment first, then system
 * properties, then the default. A placeholder without default whose name is set nowhere is an error.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;
    private final String source;

    public Placeholders(Function<String, String> environment, Function<String, String> systemProperties) {
        this(environment, systemProperties, "environment variable or system property");
    }

    /** @param source what a name is looked up as, for the message of one that is missing */
    public Placeholders(Function<String, String> environment, Function<String, String> systemProperties, String source) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.source = source;
    }

    public static Placeholders fromProcess() {
        return new Placeholders(System::getenv, System::getProperty);
    }

    /** The value with every placeholder replaced, or the name of the first one that cannot be. */
    public Resolution resolve(String value) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String resolved = Optional.ofNullable(environment.apply(name))
                    .or(() -> Optional.ofNullable(systemProperties.apply(name)))
                    .orElse(matcher.group(2));
            if (resolved == null) {
                return new Resolution(null, name);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(resolved));
        }
        matcher.appendTail(result);
        return new Resolution(result.toString(), null);
    }

    /** The value with every placeholder replaced; an {@link InvalidOption} names the one that cannot be. */
    public String resolveOrRefuse(String value) {
        Resolution resolution = resolve(value);
        if (!resolution.ok()) {
            throw new InvalidOption("", "expected " + source + " '" + resolution.unresolved()
                    + "' to be set, or a default as ${" + resolution.unresolved() + ":default}");
        }
        return resolution.value();
    }

    /** Either the resolved text or the placeholder name that has no value. */
    public record Resolution(String value, String unresolved) {
        public boolean ok() {
            return unresolved == null;
        }
    }
}
