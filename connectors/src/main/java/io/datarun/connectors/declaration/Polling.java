package io.datarun.connectors.declaration;

import io.datarun.schemas.options.InvalidOption;
import io.datarun.schemas.options.Option;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The keys every source kind takes, written beside its own keys: how many rows one transaction
 * holds, how long to wait when the source has nothing new, and the zone of its date-times. A
 * declaration that leaves one out gets the runtime's setting.
 */
public record Polling(
        @Option(defaultFrom = "datarun.connectors.batch-size", description = "rows per Kafka transaction, 1–100000")
        int batchSize,
        @Option(defaultFrom = "datarun.connectors.poll-interval", description = "pause between polls once the source "
                + "has nothing new: `500ms`, `2s`, `5m`, `1h` or ISO-8601 `PT2S`")
        Duration pollInterval,
        @Option(defaultFrom = "datarun.connectors.zone", description = "zone of source date-times that carry no offset")
        ZoneId zone) {

    static final int MAX_BATCH = 100_000;

    public Polling {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidOption("batchSize", "expected a batch size between 1 and " + MAX_BATCH + ", found " + batchSize);
        }
    }
}
