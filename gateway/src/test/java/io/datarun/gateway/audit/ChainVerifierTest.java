package io.datarun.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    static List<AuditEvent> chain(String name, int length) {
        List<AuditEvent> events = new ArrayList<>();
        AuditEvent previous = null;
        for (int i = 0; i < length; i++) {
            previous = AuditCodec.seal(new AuditEvent("e-" + name + "-" + i, name, i,
                    Instant.parse("2026-11-27T08:00:00Z").plusSeconds(i), "req-" + i, "read", "user-" + i,
                    "civil-affairs", "public-security.household-registry", "11010519491231002X",
                    List.of("name", "gender"), "minimum-living-allowance", "ok", null,
                    previous == null ? AuditEvent.GENESIS : previous.hash(), null), AuditKey.DEV);
            events.add(previous);
        }
        return events;
    }

    static ChainVerifier.Result verify(List<byte[]> values, List<String> keys) {
        ChainVerifier verifier = new ChainVerifier(AuditKey.DEV);
        for (int i = 0; i < values.size(); i++) {
            verifier.accept(i, keys.get(i), values.get(i));
        }
        return verifier.result();
    }

    static ChainVerifier.Result verify(List<AuditEvent> events) {
        return verify(events.stream().map(AuditCodec::encode).toList(), events.stream().map(AuditEvent::chain).toList());
    }

    @Test
    void whenNothingWasTouchedThenEveryEventVerifies() {
        ChainVerifier.Result result = verify(chain("gateway", 5));
        assertThat(result.ok()).isTrue();
        assertThat(result.verified()).isEqualTo(5);
        assertThat(result.firstBroken()).isNull();
    }

    @Test
    void whenAnEventsContentIsAlteredThenItsHashNamesIt() {
        List<byte[]> values = new ArrayList<>(chain("gateway", 5).stream().map(AuditCodec::encode).toList());
        values.set(2, new String(values.get(2), StandardCharsets.UTF_8).replace("\"user-2\"", "\"user-9\"")
                .getBytes(StandardCharsets.UTF_8));
        ChainVerifier.Result result = verify(values, List.of("gateway", "gateway", "gateway", "gateway", "gateway"));
        assertThat(result.ok()).isFalse();
        assertThat(result.verified()).isEqualTo(2);
        assertThat(result.firstBroken().offset()).isEqualTo(2);
        assertThat(result.firstBroken().eventId()).isEqualTo("e-gateway-2");
        assertThat(result.firstBroken().reason()).contains("hash does not match");
    }

    @Test
    void whenAnEventIsRemovedThenTheNextOneIsNamed() {
        List<AuditEvent> events = new ArrayList<>(chain("gateway", 5));
        events.remove(2);
        ChainVerifier.Result result = verify(events);
        assertThat(result.firstBroken().offset()).isEqualTo(2);
        assertThat(result.firstBroken().eventId()).isEqualTo("e-gateway-3");
        assertThat(result.firstBroken().reason()).contains("prevHash");
    }

    @Test
    void whenAnAlteredEventIsResealedThenItsSuccessorNoLongerLinks() {
        List<AuditEvent> events = new ArrayList<>(chain("gateway", 4));
        AuditEvent original = events.get(1);
        events.set(1, AuditCodec.seal(new AuditEvent(original.eventId(), original.chain(), original.seq(), original.at(),
                original.requestId(), original.action(), original.user(), original.department(), original.dataset(),
                original.subjectId(), List.of("name", "gender", "ethnicity"), original.purpose(), original.outcome(),
                original.detail(), original.prevHash(), null), AuditKey.DEV));
        ChainVerifier.Result result = verify(events);
        assertThat(result.firstBroken().offset()).isEqualTo(2);
        assertThat(result.firstBroken().reason()).contains("prevHash");
    }

    @Test
    void whenTheOldestEventsAreDeletedThenTheChainStartIsNamed() {
        List<AuditEvent> events = chain("gateway", 4).subList(1, 4);
        ChainVerifier.Result result = verify(events);
        assertThat(result.firstBroken().offset()).isZero();
        assertThat(result.firstBroken().reason()).contains("events before it are missing");
    }

    @Test
    void whenChainsOfSeveralReplicasInterleaveThenEachIsVerifiedOnItsOwn() {
        List<AuditEvent> a = chain("gw-a", 3);
        List<AuditEvent> b = chain("gw-b", 3);
        List<AuditEvent> mixed = List.of(a.get(0), b.get(0), b.get(1), a.get(1), a.get(2), b.get(2));
        ChainVerifier.Result result = verify(mixed);
        assertThat(result.ok()).isTrue();
        assertThat(result.chains()).containsEntry("gw-a", 3L).containsEntry("gw-b", 3L);
    }

    @Test
    void whenAnEventIsRewrittenWithExtraSpacingOrKeysThenItIsNotCanonical() {
        List<byte[]> values = new ArrayList<>(chain("gateway", 2).stream().map(AuditCodec::encode).toList());
        values.set(1, new String(values.get(1), StandardCharsets.UTF_8).replace(",\"action\"", ", \"action\"")
                .getBytes(StandardCharsets.UTF_8));
        ChainVerifier.Result result = verify(values, List.of("gateway", "gateway"));
        assertThat(result.firstBroken().offset()).isEqualTo(1);
        assertThat(result.firstBroken().reason()).contains("canonical");
    }

    static ChainVerifier.Result verify(List<AuditEvent> events, ChainVerifier.Checkpoint... checkpoints) {
        ChainVerifier verifier = new ChainVerifier(AuditKey.DEV);
        for (ChainVerifier.Checkpoint checkpoint : checkpoints) {
            verifier.expect(checkpoint);
        }
        for (int i = 0; i < events.size(); i++) {
            verifier.accept(i, events.get(i).chain(), AuditCodec.encode(events.get(i)));
        }
        return verifier.result();
    }

    @Test
    void whenSomeoneWithoutTheKeyAppendsAWellLinkedEventThenItsHashGivesItAway() {
        List<AuditEvent> events = new ArrayList<>(chain("gateway", 3));
        AuditEvent last = events.get(2);
        // everything right (seq, prevHash, canonical form) except the key: plain SHA-256 or a guessed key
        AuditEvent forged = AuditCodec.seal(new AuditEvent("e-forged", "gateway", 3, last.at(), "req-x", "read", "forger",
                "civil-affairs", last.dataset(), last.subjectId(), List.of("name"), last.purpose(), "ok", null,
                last.hash(), null), new AuditKey("a-key-the-forger-guessed"));
        events.add(forged);
        ChainVerifier.Result result = verify(events);
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBroken().offset()).isEqualTo(3);
        assertThat(result.firstBroken().eventId()).isEqualTo("e-forged");
        assertThat(result.firstBroken().reason()).contains("audit key");
        assertThat(verify(chain("gateway", 3), new ChainVerifier.Checkpoint("gateway", 2, last.hash())).ok()).isTrue();
    }

    @Test
    void whenTheTailIsCutOffThenTheCheckpointTakenBeforeRevealsIt() {
        List<AuditEvent> events = chain("gateway", 6);
        ChainVerifier.Head head = verify(events).heads().get("gateway");
        assertThat(head.seq()).isEqualTo(5);
        ChainVerifier.Checkpoint checkpoint = ChainVerifier.Checkpoint.parse("gateway:5:" + head.hash());

        ChainVerifier.Result truncated = verify(events.subList(0, 4), checkpoint);
        assertThat(truncated.ok()).isFalse();
        assertThat(truncated.verified()).isEqualTo(4);
        assertThat(truncated.firstBroken().reason()).contains("ends at seq 3").contains("truncated");
        // without the checkpoint the shorter chain is valid in itself: that is why checkpoints exist
        assertThat(verify(events.subList(0, 4)).ok()).isTrue();
        // a chain rebuilt from the cut on, with the key, differs at the checkpoint's seq
        List<AuditEvent> rebuilt = new ArrayList<>(events.subList(0, 5));
        AuditEvent fifth = events.get(4);
        rebuilt.add(AuditCodec.seal(new AuditEvent("e-other", "gateway", 5, fifth.at(), "r", "read", "someone", "x",
                null, null, List.of(), null, "ok", null, fifth.hash(), null), AuditKey.DEV));
        assertThat(verify(rebuilt, checkpoint).firstBroken().reason()).contains("differs from the checkpoint");
    }

    /** Issue 12, finding 6: flipping any one bit of any stored byte, of any event or of its key, is caught. */
    @Test
    void whenAnyByteOfAnyStoredEventOrKeyIsFlippedThenVerificationFails() {
        List<AuditEvent> events = chain("gateway", 3);
        List<byte[]> values = events.stream().map(AuditCodec::encode).toList();
        List<String> keys = events.stream().map(AuditEvent::chain).toList();
        int flips = 0;
        for (int event = 0; event < values.size(); event++) {
            for (int at = 0; at < values.get(event).length; at++) {
                for (int bit : new int[] {0x01, 0x20, 0x80}) {
                    List<byte[]> altered = new ArrayList<>(values);
                    byte[] copy = values.get(event).clone();
                    copy[at] ^= (byte) bit;
                    altered.set(event, copy);
                    ChainVerifier.Result result = verify(altered, keys);
                    assertThat(result.ok()).as("event %d byte %d bit %x", event, at, bit).isFalse();
                    flips++;
                }
            }
            byte[] key = keys.get(event).getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < key.length; at++) {
                List<String> alteredKeys = new ArrayList<>(keys);
                byte[] copy = key.clone();
                copy[at] ^= 0x01;
                alteredKeys.set(event, new String(copy, StandardCharsets.UTF_8));
                assertThat(verify(values, alteredKeys).ok()).as("key of event %d byte %d", event, at).isFalse();
                flips++;
            }
        }
        assertThat(flips).isGreaterThan(3 * 300);
    }

    /** Issue 12, finding 6: verification follows every chain to its end and lists each break, not just the first. */
    @Test
    void whenJunkIsAppendedAndAnotherEventAlteredThenEveryBreakIsListedAndTheRestStillVerifies() {
        List<AuditEvent> gateway = chain("gateway", 4);
        List<AuditEvent> other = chain("replica-2", 3);
        List<byte[]> values = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            values.add(AuditCodec.encode(gateway.get(i)));
            keys.add("gateway");
            if (i < 3) {
                values.add(AuditCodec.encode(other.get(i)));
                keys.add("replica-2");
            }
        }
        // offset 2 (gateway seq 1) altered; junk appended at the end
        values.set(2, new String(values.get(2), StandardCharsets.UTF_8).replace("\"user-1\"", "\"user-9\"")
                .getBytes(StandardCharsets.UTF_8));
        values.add("{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8));
        keys.add("gateway");
        ChainVerifier.Result result = verify(values, keys);
        assertThat(result.ok()).isFalse();
        assertThat(result.broken()).extracting(ChainVerifier.Broken::offset).containsExactly(2L, 7L);
        assertThat(result.chains()).containsEntry("replica-2", 3L).containsEntry("gateway", 3L);
        assertThat(result.heads().get("gateway").seq()).as("followed to its end past the break").isEqualTo(3);
    }
}
