package io.datarun.connectors.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.kafka.Messages;
import io.datarun.schemas.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One record of a dataset's dead-letter topic, as a steward reads it: where it sits in the topic,
 * which connector refused which source row, the row's raw values and every failed constraint.
 *
 * @param partition      partition of the dead-letter topic
 * @param offset         offset in that partition
 * @param key            the source row's key (JDBC key, file row, message id …)
 * @param connector      the connector that refused it ({@code <name>/dlq-replay} when a replay refused it again)
 * @param sourcePosition where the row was in its source
 * @param raw            the source's columns as text
 * @param violations     every failed constraint
 * @param rejectedAt     when it was refused
 */
public record DeadLetter(int partition, long offset, String key, String connector, String dataset,
        JsonNode sourcePosition, Map<String, String> raw, List<Violation> violations, String rejectedAt) {

    /** Parses a dead-letter value as {@link Messages#deadLetter} writes it. */
    public static DeadLetter parse(int partition, long offset, String key, byte[] value) {
        JsonNode node = Messages.read(value);
        Map<String, String> raw = new LinkedHashMap<>();
        node.path("raw").fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        List<Violation> violations = new ArrayList<>();
        node.path("violations").forEach(v -> violations.add(new Violation(v.path("field").asText(),
                v.path("code").asText(), v.path("message").asText())));
        return new DeadLetter(partition, offset, key, node.path("connector").asText(), node.path("dataset").asText(),
                node.path("sourcePosition"), raw, List.copyOf(violations), node.path("rejectedAt").asText());
    }

    /** The connector whose declaration maps this row: a replay's refusals belong to the connector replayed. */
    public String owningConnector() {
        return connector.endsWith(DeadLetterReplay.SUFFIX)
                ? connector.substring(0, connector.length() - DeadLetterReplay.SUFFIX.length()) : connector;
    }

    /** The original source position, through any number of replays. */
    public JsonNode originalPosition() {
        JsonNode position = sourcePosition;
        while (position instanceof ObjectNode object && object.has("replayOf") && object.has("original")) {
            position = object.get("original");
        }
        return position;
    }

    /** The dead letter this one is a refused replay of, if any. */
    public Optional<String> replayOf() {
        JsonNode of = sourcePosition.path("replayOf");
        return of.isObject() ? Optional.of(of.path("partition").asText() + ":" + of.path("offset").asText())
                : Optional.empty();
    }
}
