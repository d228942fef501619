package io.datarun.connectors.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.schemas.validation.Violation;
import io.datarun.schemas.wire.IntakeCodec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    /** A replay of connector {@code c} writes as source {@code c/dlq-replay}. */
    public static final String REPLAY_SUFFIX = "/dlq-replay";

    /** Parses a dead-letter value with the contract's {@link IntakeCodec}; a missing member reads as empty text. */
    public static DeadLetter parse(int partition, long offset, String key, byte[] value) {
        io.datarun.schemas.wire.DeadLetter letter = IntakeCodec.decodeDeadLetter(value);
        return new DeadLetter(partition, offset, key, Objects.toString(letter.connector(), ""),
                Objects.toString(letter.dataset(), ""), letter.sourcePosition(), letter.raw(), letter.violations(),
                Objects.toString(letter.rejectedAt(), ""));
    }

    /** The connector whose declaration maps this row: a replay's refusals belong to the connector replayed. */
    public String owningConnector() {
        return connector.endsWith(REPLAY_SUFFIX)
                ? connector.substring(0, connector.length() - REPLAY_SUFFIX.length()) : connector;
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
