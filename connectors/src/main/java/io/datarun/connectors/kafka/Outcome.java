package io.datarun.connectors.kafka;

import io.datarun.connectors.position.Position;
import io.datarun.schemas.validation.Violation;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/** What became of one source row: a record for the dataset topic, a tombstone, or a dead letter with its reasons. */
public sealed interface Outcome {
    Position position();

    /** A valid record, keyed by its subject id. */
    record Accepted(Position position, String subjectId, GenericRecord record) implements Outcome {
    }

    /** A row the source marks deleted: a tombstone for its subject (counted as accepted: it passed the door). */
    record Deleted(Position position, String subjectId) implements Outcome {
    }

    /** A refused row: the source columns as text and every violation. */
    record Rejected(Position position, Map<String, String> raw, List<Violation> violations) implements Outcome {
    }
}
