package io.datarun.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 6: an auditor's query never serves a tampered event as good. Every returned
 * event says whether it verified; an altered, forged, replayed, inserted or orphaned one is flagged
 * with the reason, and the untouched ones around it still verify.
 */
class AuditQueryTest {
    static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

    /** The records of a one-partition topic at offsets 0, 1, ...; fed to the query newest first, as the topic is read. */
    static AuditQuery.Page query(List<byte[]> values, List<String> keys, AuditFilter filter, int limit, long collectFrom,
            long maxScan) {
        AuditQuery query = new AuditQuery(AuditKey.DEV, filter, limit, collectFrom, maxScan);
        for (int offset = values.size() - 1; offset >= 0; offset--) {
            if (!query.accept(offset, keys.get(offset), values.get(offset))) {
                break;
            }
        }
        return query.page();
    }

    static AuditQuery.Page query(List<byte[]> values, List<String> keys) {
        return query(values, keys, ALL, 1000, 0, 500_000);
    }

    static List<byte[]> stored(List<AuditEvent> events) {
        return new ArrayList<>(events.stream().map(AuditCodec::encode).toList());
    }

    static List<String> keys(List<AuditEvent> events) {
        return new ArrayList<>(events.stream().map(AuditEvent::chain).toList());
    }

    static CheckedEvent byId(AuditQuery.Page page, String eventId) {
        return page.events().stream().filter(e -> eventId.equals(e.eventId())).findFirst().orElseThrow();
    }

    static byte[] replace(byte[] value, String from, String to) {
        String text = new String(value, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whenNothingWasTouchedThenEveryReturnedEventVerifiedNewestFirst() {
        List<AuditEvent> a = ChainVerifierTest.chain("gw-a", 3);
        List<AuditEvent> b = ChainVerifierTest.chain("gw-b", 3);
        List<AuditEvent> mixed = List.of(a.get(0), b.get(0), b.get(1), a.get(1), a.get(2), b.get(2));
        AuditQuery.Page page = query(stored(mixed), keys(mixed));
        assertThat(page.events()).extracting(CheckedEvent::eventId)
                .containsExactly("e-gw-b-2", "e-gw-a-2", "e-gw-a-1", "e-gw-b-1", "e-gw-b-0", "e-gw-a-0");
        assertThat(page.events()).allSatisfy(e -> {
            assertThat(e.verified()).as(e.eventId()).isTrue();
            assertThat(e.problems()).isEmpty();
        });
        assertThat(page.unverified()).isZero();
        assertThat(page.complete()).isTrue();
    }

    @Test
    void whenAnEventIsAlteredThenItIsFlaggedAndTheOthersStillVerify() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 5);
        List<byte[]> values = stored(events);
        values.set(2, replace(values.get(2), "\"user-2\"", "\"user-9\""));
        AuditQuery.Page page = query(values, keys(events));
        CheckedEvent altered = byId(page, "e-gateway-2");
        assertThat(altered.verified()).isFalse();
        assertThat(altered.user()).isEqualTo("user-9");
        assertThat(altered.problems()).singleElement().asString().contains("hash does not match");
        assertThat(page.unverified()).isEqualTo(1);
        assertThat(page.events()).filteredOn(e -> !e.eventId().equals("e-gateway-2")).allMatch(CheckedEvent::verified);
    }

    @Test
    void whenAGenuineEventIsReplayedAtTheEndThenItIsOutOfChain() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 4);
        List<byte[]> values = stored(events);
        List<String> keys = keys(events);
        values.add(AuditCodec.encode(events.get(1))); // its own hash is right: only its place is wrong
        keys.add("gateway");
        AuditQuery.Page page = query(values, keys);
        CheckedEvent replayed = page.events().get(0);
        assertThat(replayed.eventId()).isEqualTo("e-gateway-1");
        assertThat(replayed.verified()).isFalse();
        assertThat(replayed.problems()).singleElement().asString().contains("prevHash").contains("seq 3 at offset 3");
        assertThat(page.events().subList(1, 5)).allMatch(CheckedEvent::verified);
    }

    @Test
    void whenAnEventIsForgedWithoutTheKeyThenItIsFlagged() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 3);
        AuditEvent last = events.get(2);
        AuditEvent forged = AuditCodec.seal(new AuditEvent("e-forged", "gateway", 3, last.at(), "req-x", "read", "forger",
                "civil-affairs", last.dataset(), last.subjectId(), List.of("name"), last.purpose(), "ok", null,
                last.hash(), null), new AuditKey("a-key-the-forger-guessed"));
        List<byte[]> values = stored(events);
        values.add(AuditCodec.encode(forged));
        List<String> keys = keys(events);
        keys.add("gateway");
        CheckedEvent flagged = byId(query(values, keys), "e-forged");
        assertThat(flagged.verified()).isFalse();
        assertThat(flagged.problems()).singleElement().asString().contains("audit key");
    }

    @Test
    void whenAnEventWasRemovedThenTheOneAfterTheGapIsFlaggedEvenWhenItIsTheOldestReturned() {
        List<AuditEvent> events = new ArrayList<>(ChainVerifierTest.chain("gateway", 6));
        events.remove(2);
        // limit 3 returns seq 5, 4, 3: seq 3's predecessor is found past the last returned event
        AuditQuery.Page page = query(stored(events), keys(events), ALL, 3, 0, 500_000);
        assertThat(page.events()).extracting(CheckedEvent::seq).containsExactly(5L, 4L, 3L);
        assertThat(page.events().get(2).verified()).isFalse();
        assertThat(page.events().get(2).problems()).singleElement().asString().contains("prevHash");
        assertThat(page.events().subList(0, 2)).allMatch(CheckedEvent::verified);
    }

    @Test
    void whenTheLinkLiesBelowFromThenTheScanStillReachesIt() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 5);
        AuditQuery.Page page = query(stored(events), keys(events), ALL, 100, 3, 500_000);
        assertThat(page.events()).extracting(CheckedEvent::seq).containsExactly(4L, 3L);
        assertThat(page.events()).allMatch(CheckedEvent::verified);
    }

    @Test
    void whenTheOldestEventsWereDeletedThenTheChainsFirstStoredEventIsFlagged() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 4).subList(1, 4);
        AuditQuery.Page page = query(stored(events), keys(events));
        assertThat(page.events().get(2).seq()).isEqualTo(1);
        assertThat(page.events().get(2).problems()).singleElement().asString().contains("events before it are missing");
        assertThat(page.events().subList(0, 2)).allMatch(CheckedEvent::verified);
    }

    @Test
    void whenAnEventIsStoredUnderAnotherChainsKeyThenItIsFlagged() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 3);
        List<String> keys = keys(events);
        keys.set(1, "replica-2");
        AuditQuery.Page page = query(stored(events), keys);
        assertThat(byId(page, "e-gateway-1").problems()).singleElement().asString().contains("key 'replica-2'");
        // the next one links to nothing stored under its chain's key any more
        assertThat(byId(page, "e-gateway-2").verified()).isFalse();
        assertThat(byId(page, "e-gateway-0").verified()).isTrue();
    }

    @Test
    void whenJunkIsAppendedThenItIsCountedNotServedAndTheEventsStillVerify() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 3);
        List<byte[]> values = stored(events);
        List<String> keys = keys(events);
        values.add("{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8));
        keys.add("gateway");
        values.add(null);
        keys.add("gateway");
        AuditQuery.Page page = query(values, keys);
        assertThat(page.unreadable()).isEqualTo(2);
        assertThat(page.events()).hasSize(3).allMatch(CheckedEvent::verified);
    }

    @Test
    void whenThePredecessorLiesBeyondTheScanBoundThenTheLinkIsNotClaimedVerified() {
        List<AuditEvent> a = ChainVerifierTest.chain("gw-a", 2);
        List<AuditEvent> b = ChainVerifierTest.chain("gw-b", 5);
        List<AuditEvent> mixed = List.of(a.get(0), b.get(0), b.get(1), b.get(2), b.get(3), a.get(1), b.get(4));
        // newest first: gw-b seq 4, then gw-a seq 1 (returned; limit 1), then the bound of 3 records is reached
        AuditQuery.Page page = query(stored(mixed), keys(mixed), new AuditFilter(null, "user-1", null, null, null), 1, 0, 3);
        assertThat(page.events()).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo("e-gw-a-1");
            assertThat(e.verified()).isFalse();
            assertThat(e.problems()).singleElement().asString().contains("not checked");
        });
    }

    /**
     * Flipping a bit of any stored byte of any event, or of its key, never yields that event served as
     * verified: it is unreadable (not served), flagged, or no longer matches the filter.
     */
    @Test
    void whenAnyByteOfAnyStoredEventOrKeyIsFlippedThenTheQueryNeverServesItAsVerified() {
        List<AuditEvent> events = ChainVerifierTest.chain("gateway", 3);
        List<byte[]> values = stored(events);
        List<String> keys = keys(events);
        assertThat(query(values, keys).events()).hasSize(3).allMatch(CheckedEvent::verified);
        int flips = 0;
        for (int event = 0; event < values.size(); event++) {
            for (int at = 0; at < values.get(event).length; at++) {
                for (int bit : new int[] {0x01, 0x20, 0x80}) {
                    List<byte[]> altered = new ArrayList<>(values);
                    byte[] copy = values.get(event).clone();
                    copy[at] ^= (byte) bit;
                    altered.set(event, copy);
                    assertNotServedAsGood(query(altered, keys), values, "event " + event + " byte " + at + " bit " + bit);
                    flips++;
                }
            }
            byte[] key = keys.get(event).getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < key.length; at++) {
                List<String> alteredKeys = new ArrayList<>(keys);
                byte[] copy = key.clone();
                copy[at] ^= 0x01;
                alteredKeys.set(event, new String(copy, StandardCharsets.UTF_8));
                CheckedEvent served = byId(query(values, alteredKeys), events.get(event).eventId());
                assertThat(served.verified()).as("key of event %d byte %d", event, at).isFalse();
                flips++;
            }
        }
        assertThat(flips).isGreaterThan(3 * 300);
    }

    /** Every event served as verified is byte for byte one that was stored untouched. */
    static void assertNotServedAsGood(AuditQuery.Page page, List<byte[]> original, String what) {
        for (CheckedEvent served : page.events()) {
            if (!served.verified()) {
                continue;
            }
            AuditEvent asEvent = new AuditEvent(served.eventId(), served.chain(), served.seq(), served.at(),
                    served.requestId(), served.action(), served.user(), served.department(), served.dataset(),
                    served.subjectId(), served.fields(), served.purpose(), served.outcome(), served.detail(),
                    served.prevHash(), served.hash());
            byte[] bytes = AuditCodec.encode(asEvent);
            assertThat(original.stream().anyMatch(o -> Arrays.equals(o, bytes)))
                    .as("%s: served as verified but not an untouched stored event: %s", what, served).isTrue();
        }
    }
}
