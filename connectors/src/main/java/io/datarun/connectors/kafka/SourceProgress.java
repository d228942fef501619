package io.datarun.connectors.kafka;

import java.util.Optional;

/**
 * What a file or custom connector has committed: the position text its source gave for the last
 * batch, and cumulative counts ({@code rowsSeen == accepted + deadLettered}).
 */
public record SourceProgress(Optional<String> position, long rowsSeen, long accepted, long deadLettered) {
    public static final SourceProgress NONE = new SourceProgress(Optional.empty(), 0, 0, 0);

    /** The progress after one more batch. */
    public SourceProgress plus(Optional<String> next, long accepted, long deadLettered) {
        return new SourceProgress(next, rowsSeen + accepted + deadLettered, this.accepted + accepted,
                this.deadLettered + deadLettered);
    }

    public String positionText() {
        return position.orElse("(start)");
    }
}
