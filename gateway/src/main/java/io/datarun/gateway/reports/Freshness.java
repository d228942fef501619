package io.datarun.gateway.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Freshness against the declared cadence: a feed is stale after twice its cadence without a change. */
public final class Freshness {
    private Freshness() {
    }

    public static boolean stale(Optional<Instant> lastUpdate, Duration cadence, Instant now) {
        return lastUpdate.map(last -> last.plus(cadence.multipliedBy(2)).isBefore(now)).orElse(true);
    }

    /** Unused: no department other than the owner read it within the window. */
    public static boolean unused(Optional<Instant> lastConsumerRead, Duration window, Instant now) {
        return lastConsumerRead.map(last -> last.plus(window).isBefore(now)).orElse(true);
    }
}
