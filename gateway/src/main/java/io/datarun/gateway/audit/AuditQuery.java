package io.datarun.gateway.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One auditor's query, fed the stored records newest first, that checks every event it returns
 * instead of trusting the topic: each returned event is checked on its own (its chain's key, its
 * keyed hash, its canonical form; {@link ChainVerifier}'s checks) and against the event stored
 * before it in its chain, which the backward scan meets next — so an altered, forged, replayed or
 * inserted event, or one whose predecessor was removed, comes back flagged ({@link CheckedEvent}).
 * To check the oldest returned event of a chain, the scan goes on past the last match (and below
 * {@code from}) until it meets that event's predecessor or the topic's start, within the same scan
 * bound; a link it could not reach is reported as not checked, never as verified. Records that are
 * not audit events are not returned, only counted.
 */
public final class AuditQuery {
    private final AuditKey key;
    private final AuditFilter filter;
    private final int limit;
    private final long collectFrom;
    private final long maxScan;
    private final List<Checking> returned = new ArrayList<>();
    /** Per chain: the oldest returned event so far, waiting for the next older event of its chain. */
    private final Map<String, Checking> awaiting = new HashMap<>();
    private long scanned;
    private long unreadable;
    private boolean cutShort;

    /** Collects at most {@code limit} events at offsets from {@code collectFrom} on; examines at most {@code maxScan}. */
    public AuditQuery(AuditKey key, AuditFilter filter, int limit, long collectFrom, long maxScan) {
        this.key = key;
        this.filter = filter;
        this.limit = limit;
        this.collectFrom = collectFrom;
        this.maxScan = maxScan;
    }

    /** Runs the query over {@code topic}: newest first from its end, down to its start when links need it. */
    public static Page run(AuditTopic topic, AuditKey key, AuditFilter filter, int limit, long maxScan, Duration timeout) {
        long beginning = topic.beginning();
        long collectFrom = filter.from() == null ? beginning : Math.max(beginning, topic.offsetAt(filter.from().toEpochMilli()));
        AuditQuery query = new AuditQuery(key, filter, limit, collectFrom, maxScan);
        topic.backward(beginning, topic.end(), timeout, record -> query.accept(record.offset(), record.key(), record.value()));
        return query.page();
    }

    /** Takes the next older record; false once nothing older is needed. */
    public boolean accept(long offset, String recordKey, byte[] value) {
        scanned++;
        boolean collecting = returned.size() < limit && offset >= collectFrom;
        AuditEvent event = decode(value);
        if (event != null) {
            boolean inItsChain = ChainVerifier.keyProblem(recordKey, event) == null;
            if (inItsChain) {
                Checking successor = awaiting.remove(event.chain());
                if (successor != null) {
                    successor.link(ChainVerifier.linkProblem(successor.event, offset, event.seq(), event.hash()));
                }
            }
            if (collecting && filter.matches(event)) {
                Checking checking = new Checking(event);
                checking.problem(ChainVerifier.keyProblem(recordKey, event));
                checking.problem(ChainVerifier.contentProblem(key, event, value));
                returned.add(checking);
                if (inItsChain) {
                    awaiting.put(event.chain(), checking);
                }
            }
        }
        boolean moreToCollect = returned.size() < limit && offset > collectFrom;
        if (scanned >= maxScan) {
            cutShort = moreToCollect;
            return false;
        }
        return moreToCollect || !awaiting.isEmpty();
    }

    private AuditEvent decode(byte[] value) {
        if (value == null) {
            unreadable++;
            return null;
        }
        try {
            return AuditCodec.decode(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            unreadable++;
            return null;
        }
    }

    /** The answer: what was collected, each event with its checks; call after the scan ended. */
    public Page page() {
        // a scan that ended with links still open either met the topic's start or hit its bound
        boolean reachedStart = scanned < maxScan;
        for (Checking open : awaiting.values()) {
            open.link(reachedStart ? ChainVerifier.startProblem(open.event)
                    : "the event before it in chain '" + open.event.chain() + "' lies beyond the scan bound of "
                            + maxScan + " events: its link is not checked; run /audit/verify");
        }
        awaiting.clear();
        List<CheckedEvent> events = returned.stream().map(c -> CheckedEvent.of(c.event, c.problems)).toList();
        int unverified = (int) events.stream().filter(e -> !e.verified()).count();
        return new Page(events, events.size(), !cutShort, unverified, unreadable);
    }

    private static final class Checking {
        final AuditEvent event;
        final List<String> problems = new ArrayList<>();

        Checking(AuditEvent event) {
            this.event = event;
        }

        void problem(String problem) {
            if (problem != null) {
                problems.add(problem);
            }
        }

        void link(String problem) {
            problem(problem);
        }
    }

    /**
     * One answer: events newest first, each checked; {@code complete} is false when the scan bound was
     * reached before {@code limit} events or the query's range were; {@code unverified} counts the
     * returned events that did not check out; {@code unreadable} the records examined that are not audit
     * events at all.
     */
    public record Page(List<CheckedEvent> events, int count, boolean complete, int unverified, long unreadable) {
    }
}
