package io.datarun.connectors.kafka;

import java.util.Optional;

/**
 * What a file or custom connector has committed: the position text its source gave for the last
 * batch, and cumulative counts ({@code rowsSeen == accepted + deadLettered}).
 */
public record SourceProgress(Optional<String> position, long rowsSeen, long accepted, long deadLettered)
        implements Committed {
    private static final int MAX_SHOWN = 200;
    public static final SourceProgress NONE = new SourceProgress(Optional.empty(), 0, 0, 0);

    /** The progress after one more batch. */
    public SourceProgress plus(Optional<String> next, long accepted, long deadLettered) {
        return new SourceProgress(next, rowsSeen + accepted + deadLettered, this.accepted + accepted,
                this.deadLettered + deadLettered);
    }

    /** Shown in logs and health; a long position (a queue source's recent message ids) is cut short. */
    @Override
    public String positionText() {
        String text = position.orElse("(start)");
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…(" + text.length() + " chars)";
    }
}
