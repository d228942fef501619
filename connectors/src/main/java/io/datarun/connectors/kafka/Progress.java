package io.datarun.connectors.kafka;

import io.datarun.connectors.jdbc.Snapshot;
import io.datarun.connectors.jdbc.SourcePosition;
import java.util.Optional;

/**
 * What a connector has committed: its source position and cumulative counts since it first ran.
 * Always {@code rowsSeen == accepted + deadLettered}: no row is dropped silently.
 *
 * @param position the watermark position; during a first load, the one the connector switches to after it
 * @param snapshot present while the first load's streaming pass is under way: where it stands
 */
public record Progress(Optional<SourcePosition> position, Optional<Snapshot> snapshot, long rowsSeen, long accepted,
        long deadLettered) implements Committed {
    public static final Progress NONE = new Progress(Optional.empty(), 0, 0, 0);

    /** Progress of a connector reading by watermark (no first load under way). */
    public Progress(Optional<SourcePosition> position, long rowsSeen, long accepted, long deadLettered) {
        this(position, Optional.empty(), rowsSeen, accepted, deadLettered);
    }

    /** The progress after one more batch read by watermark. */
    public Progress plus(Optional<SourcePosition> next, long accepted, long deadLettered) {
        return new Progress(next, rowsSeen + accepted + deadLettered, this.accepted + accepted,
                this.deadLettered + deadLettered);
    }

    /**
     * The progress after one more transaction of a first load: {@code next} is where the pass stands,
     * empty when it is done (the watermark position then takes over).
     */
    public Progress plusSnapshot(Optional<SourcePosition> until, Optional<Snapshot> next, long accepted,
            long deadLettered) {
        return new Progress(until, next, rowsSeen + accepted + deadLettered, this.accepted + accepted,
                this.deadLettered + deadLettered);
    }

    @Override
    public String positionText() {
        String watermark = position.map(SourcePosition::toString).orElse("(start)");
        return snapshot.map(s -> s + ", then " + watermark).orElse(watermark);
    }
}
