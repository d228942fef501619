package io.datarun.connectors.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A compact set of subject ids: 8 bytes per id (the first 8 bytes of its SHA-256), sorted, so a
 * million residents take 8 MB instead of the 100 MB of a set of strings. Two ids sharing a hash (about
 * 1 in 3·10^7 at a million ids) look like one; in a key comparison that makes a deleted subject look
 * present, so it is not deleted — a missed deletion, never a wrong one.
 */
public final class SubjectSet {
    private long[] hashes = new long[1024];
    private int size;
    private boolean sealed;

    public void add(String subject) {
        if (sealed) {
            throw new IllegalStateException("sealed");
        }
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size++] = hash(subject);
    }

    /** Sorts and drops repeats; after this, {@link #contains} works and nothing more can be added. */
    public SubjectSet seal() {
        Arrays.sort(hashes, 0, size);
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            if (distinct == 0 || hashes[distinct - 1] != hashes[i]) {
                hashes[distinct++] = hashes[i];
            }
        }
        size = distinct;
        hashes = Arrays.copyOf(hashes, size);
        sealed = true;
        return this;
    }

    public boolean contains(String subject) {
        if (!sealed) {
            throw new IllegalStateException("seal() first");
        }
        return Arrays.binarySearch(hashes, 0, size, hash(subject)) >= 0;
    }

    /** Distinct hashes held (ids, up to the rare shared hash). */
    public int size() {
        return size;
    }

    static long hash(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
