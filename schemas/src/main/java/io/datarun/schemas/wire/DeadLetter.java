package io.datarun.schemas.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.datarun.schemas.validation.Violation;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source row refused at the door, as it stands in the dataset's dead-letter topic
 * ({@link Topics#deadLetters}); written by connectors and by the gateway's push API, read by the
 * gateway's dead-letter log and the connectors' replay. {@link IntakeCodec} turns it into bytes and back.
 *
 * @param dataset        the dataset the row was meant for
 * @param connector      who refused it: a connector name, {@code <name>/dlq-replay}, or a push source
 * @param sourcePosition where the row was in its source, as JSON ({@code {"ts":…,"key":…}},
 *                       {@code {"file":…,"row":…}}, {@code {"pushedBy":…,"index":…}} …); never null
 *                       ({@link MissingNode} when a letter has none)
 * @param raw            the source's columns as text, in the source's order; values may be null
 * @param violations     every failed constraint
 * @param rejectedAt     when it was refused; null only for a letter that carries no time
 */
public record DeadLetter(String dataset, String connector, JsonNode sourcePosition, Map<String, String> raw,
        List<Violation> violations, Instant rejectedAt) {

    public DeadLetter {
        sourcePosition = sourcePosition == null ? MissingNode.getInstance() : sourcePosition;
        // keeps the source's column order and its null values, which Map.copyOf would not
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        violations = List.copyOf(violations);
    }
}
