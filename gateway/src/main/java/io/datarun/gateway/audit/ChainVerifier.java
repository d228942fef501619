package io.datarun.gateway.audit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the audit topic, fed in offset order: every event is readable and stored in its
 * canonical form, its keyed hash matches its content, and it links to the previous event of its
 * chain ({@code prevHash} equals that event's hash, {@code seq} is one more; a chain starts at seq
 * 0 with {@link AuditEvent#GENESIS}). Altering any event breaks its own hash; removing or
 * inserting one breaks the link of the next. Checking does not stop at a break: every chain is
 * followed to its end (after a break it continues from the broken event as stored, so one altered
 * event is one break, not a cascade) and every break is listed; the first is also named alone.
 *
 * <p>Cutting off a chain's tail leaves a shorter chain that is valid in itself; it is caught
 * against a <em>checkpoint</em>, a (chain, seq, hash) known from outside the topic — the live
 * writer's own head, or one an auditor recorded from an earlier verification's {@code heads}:
 * when the topic no longer holds that event, verification fails.
 */
public final class ChainVerifier {
    private final AuditKey key;
    private final Map<String, Link> heads = new HashMap<>();
    private final Map<String, Long> chains = new TreeMap<>();
    /** Per chain: the hash expected at each checkpointed seq. */
    private final Map<String, TreeMap<Long, String>> checkpoints = new LinkedHashMap<>();
    private long verified;
    private long lastOffset = -1;
    private Broken firstBroken;
    private final java.util.List<Broken> broken = new java.util.ArrayList<>();

    public ChainVerifier(AuditKey key) {
        this.key = key;
    }

    /** Requires the topic to hold the checkpoint's event (same chain, seq and hash). */
    public ChainVerifier expect(Checkpoint checkpoint) {
        checkpoints.computeIfAbsent(checkpoint.chain(), c -> new TreeMap<>()).put(checkpoint.seq(), checkpoint.hash());
        return this;
    }

    /** Checks one stored event; false when it breaks a check (it is listed, and checking goes on). */
    public boolean accept(long offset, String key, byte[] value) {
        lastOffset = offset;
        if (value == null) {
            return broken(offset, null, "empty value: the audit topic holds no deletion markers");
        }
        AuditEvent event;
        try {
            event = AuditCodec.decode(value);
        } catch (IllegalArgumentException e) {
            return broken(offset, null, "unreadable event: " + e.getMessage());
        }
        String problem = keyProblem(key, event);
        if (problem != null) {
            return broken(offset, event.eventId(), problem);
        }
        Link previous = heads.get(event.chain());
        // whatever is wrong with it, the next event of its chain is checked against it as stored
        heads.put(event.chain(), new Link(offset, event.seq(), event.hash()));
        problem = contentProblem(this.key, event, value);
        if (problem == null) {
            problem = previous == null ? startProblem(event) : linkProblem(event, previous.offset(), previous.seq(), previous.hash());
        }
        if (problem != null) {
            return broken(offset, event.eventId(), problem);
        }
        TreeMap<Long, String> expectedAt = checkpoints.get(event.chain());
        String expected = expectedAt == null ? null : expectedAt.get(event.seq());
        if (expected != null && !expected.equals(event.hash())) {
            return broken(offset, event.eventId(), "chain '" + event.chain() + "' seq " + event.seq()
                    + " differs from the checkpoint: the chain was rewritten after the checkpoint was taken");
        }
        chains.merge(event.chain(), 1L, Long::sum);
        if (firstBroken == null) {
            verified++;
        }
        return true;
    }

    /** Why the event is not stored under its own chain's key, or null. */
    static String keyProblem(String recordKey, AuditEvent event) {
        if (event.chain() == null || !event.chain().equals(recordKey)) {
            return "key '" + recordKey + "' is not the event's chain '" + event.chain() + "'";
        }
        return null;
    }

    /** Why the stored bytes are not this event as its writer sealed it under {@code key}, or null. */
    static String contentProblem(AuditKey key, AuditEvent event, byte[] stored) {
        AuditCodec.Sealed sealed = AuditCodec.sealAndEncode(event, key); // one serialization for both checks
        if (!sealed.event().hash().equals(event.hash())) {
            return "hash does not match the event's content under the audit key: the event was altered or forged";
        }
        if (!Arrays.equals(sealed.stored(), stored)) {
            return "not stored in canonical form: the event was rewritten";
        }
        return null;
    }

    /** Why the event is not the start of its chain although no earlier event of the chain is stored, or null. */
    static String startProblem(AuditEvent event) {
        if (event.seq() != 0 || !AuditEvent.GENESIS.equals(event.prevHash())) {
            return "chain '" + event.chain() + "' starts at seq " + event.seq()
                    + " without the genesis prevHash: the events before it are missing";
        }
        return null;
    }

    /** Why the event does not follow the previous stored event of its chain (at {@code offset}), or null. */
    static String linkProblem(AuditEvent event, long offset, long seq, String hash) {
        if (hash == null || !hash.equals(event.prevHash())) {
            return "prevHash is not the hash of the previous event of chain '" + event.chain() + "' (seq " + seq
                    + " at offset " + offset + "): an event was removed, altered or inserted";
        }
        if (event.seq() != seq + 1) {
            return "seq jumps from " + seq + " to " + event.seq() + " in chain '" + event.chain() + "'";
        }
        return null;
    }

    private boolean broken(long offset, String eventId, String reason) {
        Broken at = new Broken(offset, eventId, reason);
        if (firstBroken == null) {
            firstBroken = at;
        }
        broken.add(at);
        return false;
    }

    public Result result() {
        List<Broken> all = new java.util.ArrayList<>(broken);
        for (Map.Entry<String, TreeMap<Long, String>> chain : checkpoints.entrySet()) {
            Link head = heads.get(chain.getKey());
            long furthest = chain.getValue().lastKey();
            if (head == null || head.seq() < furthest) {
                all.add(new Broken(lastOffset + 1, null, "chain '" + chain.getKey() + "' ends at seq "
                        + (head == null ? "(none)" : head.seq()) + " but a checkpoint holds seq " + furthest
                        + ": events at its tail were removed (truncated)"));
            }
        }
        Map<String, Head> result = new TreeMap<>();
        heads.forEach((chain, link) -> result.put(chain, new Head(link.seq(), link.hash(), link.offset())));
        return new Result(verified, all.isEmpty(), all.isEmpty() ? null : all.get(0), Map.copyOf(new TreeMap<>(chains)),
                result, List.copyOf(all));
    }

    private record Link(long offset, long seq, String hash) {
    }

    /** A chain position known from outside the topic: {@code chain:seq:hash} in its text form. */
    public record Checkpoint(String chain, long seq, String hash) {
        /** Parses {@code chain:seq:hash} (the chain name may itself contain ':' ). */
        public static Checkpoint parse(String text) {
            int last = text.lastIndexOf(':');
            int middle = last <= 0 ? -1 : text.lastIndexOf(':', last - 1);
            if (middle <= 0) {
                throw new IllegalArgumentException("expected chain:seq:hash");
            }
            String hash = text.substring(last + 1);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("the hash must be 64 lower-case hex digits");
            }
            try {
                return new Checkpoint(text.substring(0, middle), Long.parseLong(text.substring(middle + 1, last)), hash);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seq must be a number");
            }
        }

        @Override
        public String toString() {
            return chain + ":" + seq + ":" + hash;
        }
    }

    /** The last event of a chain as verified: record it as a checkpoint to detect later truncation. */
    public record Head(long seq, String hash, long offset) {
    }

    /** The first event that fails a check: where, which, why. */
    public record Broken(long offset, String eventId, String reason) {
    }

    /**
     * {@code verified} events passed every check before the first break (all of them when {@code ok});
     * {@code broken} lists every break found over every chain, in offset order, the truncations last.
     */
    public record Result(long verified, boolean ok, Broken firstBroken, Map<String, Long> chains, Map<String, Head> heads,
            List<Broken> broken) {
    }
}
