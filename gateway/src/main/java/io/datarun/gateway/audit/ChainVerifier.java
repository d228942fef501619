package io.datarun.gateway.audit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the audit topic, fed in offset order: every event is readable and stored in its
 * canonical form, its hash matches its content, and it links to the previous event of its chain
 * ({@code prevHash} equals that event's hash, {@code seq} is one more; a chain starts at seq 0
 * with {@link AuditEvent#GENESIS}). Altering any event breaks its own hash; removing or inserting
 * one breaks the link of the next. The first break is named and checking stops there.
 */
public final class ChainVerifier {
    private final Map<String, Link> heads = new HashMap<>();
    private final Map<String, Long> chains = new TreeMap<>();
    private long verified;
    private Broken firstBroken;

    /** Checks one stored event; false once the chain is broken (later events are not checked). */
    public boolean accept(long offset, String key, byte[] value) {
        if (firstBroken != null) {
            return false;
        }
        if (value == null) {
            return broken(offset, null, "empty value: the audit topic holds no deletion markers");
        }
        AuditEvent event;
        try {
            event = AuditCodec.decode(value);
        } catch (IllegalArgumentException e) {
            return broken(offset, null, "unreadable event: " + e.getMessage());
        }
        if (!AuditCodec.hashOf(event).equals(event.hash())) {
            return broken(offset, event.eventId(), "hash does not match the event's content: the event was altered");
        }
        if (!Arrays.equals(AuditCodec.encode(event), value)) {
            return broken(offset, event.eventId(), "not stored in canonical form: the event was rewritten");
        }
        if (event.chain() == null || !event.chain().equals(key)) {
            return broken(offset, event.eventId(), "key '" + key + "' is not the event's chain '" + event.chain() + "'");
        }
        Link previous = heads.get(event.chain());
        if (previous == null) {
            if (event.seq() != 0 || !AuditEvent.GENESIS.equals(event.prevHash())) {
                return broken(offset, event.eventId(), "chain '" + event.chain() + "' starts at seq " + event.seq()
                        + " without the genesis prevHash: the events before it are missing");
            }
        } else {
            if (!previous.hash().equals(event.prevHash())) {
                return broken(offset, event.eventId(), "prevHash is not the hash of the previous event of chain '"
                        + event.chain() + "' (seq " + previous.seq() + " at offset " + previous.offset()
                        + "): an event was removed, altered or inserted");
            }
            if (event.seq() != previous.seq() + 1) {
                return broken(offset, event.eventId(), "seq jumps from " + previous.seq() + " to " + event.seq()
                        + " in chain '" + event.chain() + "'");
            }
        }
        heads.put(event.chain(), new Link(offset, event.seq(), event.hash()));
        chains.merge(event.chain(), 1L, Long::sum);
        verified++;
        return true;
    }

    private boolean broken(long offset, String eventId, String reason) {
        firstBroken = new Broken(offset, eventId, reason);
        return false;
    }

    public Result result() {
        return new Result(verified, firstBroken == null, firstBroken, Map.copyOf(new TreeMap<>(chains)));
    }

    private record Link(long offset, long seq, String hash) {
    }

    /** The first event that fails a check: where, which, why. */
    public record Broken(long offset, String eventId, String reason) {
    }

    /** {@code verified} events passed every check before the first break (all of them when {@code ok}). */
    public record Result(long verified, boolean ok, Broken firstBroken, Map<String, Long> chains) {
    }
}
