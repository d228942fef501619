package io.datarun.connectors.declaration;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Any Camel component as a source: a route in Camel YAML DSL (inline under {@code route:}, or a
 * {@code *.camel.yaml} file that Kaoto edits, under {@code routeFile:}) whose last step is
 * {@code to: datarun:door}. Each exchange reaching the door is one message: a JSON object (one row),
 * a JSON array (one row per item), or a CSV/XLSX file (one row per line). The exchange is answered only
 * after the Kafka transaction holding its rows committed, so components that acknowledge on
 * completion (MQTT with manual acks, SFTP moving the file) acknowledge after the commit.
 *
 * @param route         the route, Camel YAML DSL text; Camel's own {@code {{env:NAME}}} placeholders work in it
 * @param format        {@code auto} (by the {@code CamelFileName} header: {@code .csv}, {@code .xlsx}, else JSON), {@code json} or {@code csv}
 * @param idHeader      the header naming a message (e.g. an MQTT message id or a file name); else the SHA-256 of the body
 * @param dedupeWindow  how many committed message ids the position keeps to drop a redelivery
 */
public record CamelSource(
        String route,
        String format,
        Optional<String> idHeader,
        int dedupeWindow,
        int batchSize,
        Duration pollInterval,
        ZoneId zone) implements SourceDeclaration {

    /** The endpoint a declared route must end at. */
    public static final String DOOR = "datarun:door";

    @Override
    public String kind() {
        return "camel";
    }

    @Override
    public String toString() {
        // the route may hold credentials in its URIs: only its first line reaches a log
        String first = route.lines().filter(l -> l.strip().startsWith("uri:")).findFirst()
                .orElseGet(() -> route.lines().filter(l -> l.contains("from:")).findFirst().orElse(""));
        return "CamelSource[format=" + format + ", idHeader=" + idHeader.orElse("(body hash)") + ", dedupeWindow="
                + dedupeWindow + ", batchSize=" + batchSize + ", pollInterval=" + pollInterval + ", from="
                + first.replaceAll("://[^@/\\s]*@", "://***@").strip() + "]";
    }
}
