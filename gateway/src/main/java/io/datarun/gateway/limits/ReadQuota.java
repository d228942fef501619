package io.datarun.gateway.limits;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A daily quota of record reads per caller (UTC days). Bulk harvesting of residents is the
 * sensitive flow (OWASP API6): a clerk reads tens of records a day, not thousands, so reaching the
 * quota both refuses further reads until the next day and raises one alert per caller and day
 * (an ERROR log line and a metric, for the operators' alert rules). Counts are per replica.
 */
public final class ReadQuota {
    private final long perDay;
    private final Clock clock;
    private final Consumer<String> alert;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile LocalDate day;

    public ReadQuota(long perDay, Clock clock, Consumer<String> alert) {
        this.perDay = perDay;
        this.clock = clock;
        this.alert = alert;
        this.day = today();
    }

    /** Counts one read of {@code caller}; false when its quota for today is used up. */
    public boolean take(String caller) {
        LocalDate now = today();
        if (!now.equals(day)) {
            synchronized (this) {
                if (!now.equals(day)) {
                    counts.clear();
                    day = now;
                }
            }
        }
        long count = counts.computeIfAbsent(caller, k -> new AtomicLong()).incrementAndGet();
        if (count == perDay + 1) {
            alert.accept(caller);
        }
        return count <= perDay;
    }

    /** Seconds until the quotas renew (the next UTC midnight). */
    public long secondsUntilReset() {
        long now = clock.instant().getEpochSecond();
        long midnight = today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return Math.max(1, midnight - now);
    }

    public long perDay() {
        return perDay;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
