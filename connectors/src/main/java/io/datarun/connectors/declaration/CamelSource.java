package io.datarun.connectors.declaration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Any Camel component as a source ({@code kind: camel}): a route in Camel YAML DSL (inline under
 * {@code route:}, kept verbatim, or a {@code *.camel.yaml} file that Kaoto edits, under
 * {@code routeFile:}) whose last step is {@code to: datarun:door}. Each exchange reaching the door is
 * one message: a JSON object (one row), a JSON array (one row per item), or a CSV/XLSX file (one row
 * per line). The exchange is answered only after the Kafka transaction holding its rows committed, so
 * components that acknowledge on completion (MQTT with manual acks, SFTP moving the file) acknowledge
 * after the commit.
 */
@Option.Kind("camel")
public record CamelSource(
        @Option(description = "the route, Camel YAML DSL, kept as written: `${…}` there is Camel's simple language; "
                + "secrets through Camel's `{{env:NAME}}`")
        Optional<JsonNode> route,
        @Option(description = "instead of `route`: a `*.camel.yaml` file beside the declaration (not read as a declaration)")
        Optional<String> routeFile,
        @Option(defaultValue = "auto", description = "how a message becomes rows: `auto` (by the `CamelFileName` header: "
                + "`.csv`, `.xlsx`, else JSON), `json` or `csv`")
        String format,
        @Option(description = "a header that names a message (e.g. `CamelFileName`); without it the SHA-256 of the body")
        Optional<String> idHeader,
        @Option(defaultValue = "1000", description = "how many committed message ids the position keeps to recognise a "
                + "redelivery")
        int dedupeWindow,
        @Option.Inline
        Polling polling) implements SourceDeclaration {

    /** The endpoint a declared route must end at. */
    public static final String DOOR = "datarun:door";
    private static final Set<String> FORMATS = Set.of("auto", "json", "csv");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public CamelSource {
        if (route.isPresent() == routeFile.isPresent()) {
            throw new InvalidOption("route", "expected exactly one of 'route' (Camel YAML DSL) or 'routeFile' (a *.camel.yaml file)");
        }
        route.ifPresent(r -> check(r, "route"));
        if (!FORMATS.contains(format)) {
            throw new InvalidOption("format", "expected one of auto, json, csv, found '" + format + "'");
        }
        if (dedupeWindow < 1 || dedupeWindow > 1_000_000) {
            throw new InvalidOption("dedupeWindow", "expected a number of message ids between 1 and 1000000, found "
                    + dedupeWindow);
        }
    }

    /** The route's YAML text; a {@code routeFile} is read relative to the declaration's folder. */
    public String routeText(Path declarationFile) {
        if (route.isPresent()) {
            try {
                return YAML.writeValueAsString(route.get());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path file = declarationFile.toAbsolutePath().getParent().resolve(routeFile.orElseThrow()).normalize();
        String text;
        try {
            text = Files.readString(file);
            check(YAML.readTree(text), "routeFile");
        } catch (IOException e) {
            throw new InvalidOption("routeFile", "expected a readable Camel YAML DSL file, cannot read " + file + ": "
                    + e.getMessage());
        }
        return text;
    }

    private static void check(JsonNode parsed, String key) {
        if (parsed == null || !parsed.isArray() || parsed.size() != 1
                || !(parsed.get(0).has("route") || parsed.get(0).has("from"))) {
            throw new InvalidOption(key, "expected one route: a list with a single '- route:' or '- from:' entry");
        }
        if (!parsed.toString().contains("\"" + DOOR + "\"")) {
            throw new InvalidOption(key, "expected the route to end at '" + DOOR + "' (to: " + DOOR
                    + "), where rows are validated, dead-lettered and published");
        }
    }

    @Override
    public String toString() {
        // the route may hold credentials: only its source endpoint's scheme and path reach a log
        String from = route.map(r -> r.findValue("uri")).filter(u -> u != null).map(JsonNode::asText)
                .map(u -> u.replaceAll("://[^@/\\s]*@", "://***@").replaceAll("\\?.*", ""))
                .orElse(routeFile.map(f -> "file " + f).orElse(""));
        return "CamelSource[from=" + from + ", format=" + format + ", idHeader=" + idHeader.orElse("(body hash)")
                + ", dedupeWindow=" + dedupeWindow + ", batchSize=" + batchSize() + ", pollInterval=" + pollInterval() + "]";
    }
}
