package io.datarun.gateway.usage;

import io.datarun.schemas.wire.IntakeCodec;
import io.datarun.schemas.wire.SourceOffset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What one intake source (a connector, or the push API of one replica) has committed for a
 * dataset, cumulatively: rows seen, accepted and dead-lettered. It must always hold that
 * {@code rowsSeen = accepted + deadLettered}.
 */
public record SourceStats(String source, String dataset, long rowsSeen, long accepted, long deadLettered,
        Instant committedAt) {

    public boolean balanced() {
        return rowsSeen == accepted + deadLettered;
    }

    /** Parses an offsets-topic value with the contract's codec ({@link IntakeCodec}), as connectors write it. */
    public static SourceStats parse(String key, byte[] value) {
        try {
            SourceOffset offset = IntakeCodec.decodeSourceOffset(value);
            return new SourceStats(offset.connector() == null ? key : offset.connector(), offset.dataset(),
                    offset.rowsSeen(), offset.accepted(), offset.deadLettered(), offset.committedAt());
        } catch (RuntimeException e) {
            throw new UncheckedIOException("unreadable offsets record for source " + key, new IOException(e));
        }
    }
}
