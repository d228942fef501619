package io.datarun.gateway.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens whose signature and claims were verified, kept so that the same token arriving again
 * (a clerk's browser sends it with every request) is not verified again: an RSA signature check and
 * the claim parsing were the largest item in the read path's profile.
 *
 * <p>A security decision, so it only ever narrows: a token enters only after the full verification
 * succeeded (the caller puts it, never a guess); an entry is served only while the token is unexpired
 * <em>and</em> younger than {@code maxAge} on this clock, after which the token is verified in full
 * again (and refused if it has expired); at most {@code maxEntries} are kept, so a flood of distinct
 * tokens costs bounded memory and simply goes unverified-from-cache.
 *
 * @param <T> the verified form of a token (the parsed JWT)
 */
public final class VerifiedTokens<T> {
    private final Clock clock;
    private final int maxEntries;
    private final Duration maxAge;
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

    public VerifiedTokens(Clock clock, int maxEntries, Duration maxAge) {
        if (maxEntries < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("a token cache needs room for one entry and a positive age");
        }
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    /** The verified form of {@code token}, if it was verified and has neither expired nor outlived {@code maxAge}. */
    public Optional<T> get(String token) {
        Entry<T> entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.verified());
    }

    /**
     * Keeps a token that has just passed full verification, until {@code expiresAt} (its {@code exp})
     * or {@code maxAge} from now, whichever comes first; a token already expired is not kept.
     */
    public void put(String token, T verified, Instant expiresAt) {
        Instant now = clock.instant();
        Instant until = expiresAt.isBefore(now.plus(maxAge)) ? expiresAt : now.plus(maxAge);
        if (!now.isBefore(until)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        entries.put(token, new Entry<>(verified, until));
    }

    /** How many tokens are kept now (never more than {@code maxEntries}, give or take concurrent puts). */
    public int size() {
        return entries.size();
    }

    private void makeRoom(Instant now) {
        entries.values().removeIf(e -> !now.isBefore(e.until()));
        // still full of live tokens: drop arbitrary ones; each costs one more verification, nothing else
        Iterator<String> keys = entries.keySet().iterator();
        while (entries.size() >= maxEntries && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private record Entry<T>(T verified, Instant until) {
    }
}
