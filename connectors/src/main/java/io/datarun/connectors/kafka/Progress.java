package io.datarun.connectors.kafka;

import io.datarun.connectors.jdbc.SourcePosition;
import java.util.Optional;

/**
 * What a connector has committed: its source position and cumulative counts since it first ran.
 * Always {@code rowsSeen == accepted + deadLettered}: no row is dropped silently.
 */
public record Progress(Optional<SourcePosition> position, long rowsSeen, long accepted, long deadLettered)
        implements Committed {
    public static final Progress NONE = new Progress(Optional.empty(), 0, 0, 0);

    /** The progress after one more batch. */
    public Progress plus(Optional<SourcePosition> next, long accepted, long deadLettered) {
        return new Progress(next, rowsSeen + accepted + deadLettered, this.accepted + accepted,
                this.deadLettered + deadLettered);
    }

    @Override
    public String positionText() {
        return position.map(SourcePosition::toString).orElse("(start)");
    }
}
