package io.datarun.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary reads of a subject: what disputes name as readers must survive the encoding exactly. */
public class SubjectReadLogTest {
    static final Instant AT = Instant.parse("2026-12-01T08:00:00.123Z");

    static AccessEvent read(String department, String user, String purpose, Instant at) {
        return new AccessEvent("public-security.household-registry", "110101195803215030", department, user, purpose, at);
    }

    /** A per-record log as gateways before the subject-read-times store wrote it (version 2, count, sized entries). */
    public static byte[] log(byte[]... entries) {
        ByteBuffer out = ByteBuffer.allocate(3 + Arrays.stream(entries).mapToInt(e -> 2 + e.length).sum());
        out.put((byte) 2).putShort((short) entries.length);
        for (byte[] entry : entries) {
            out.putShort((short) entry.length).put(entry);
        }
        return out.array();
    }

    @Test
    void aReadComesBackWithEveryField() {
        byte[] entry = SubjectReadLog.entry(read("health", "医生-2", "elderly-health-checkup", AT));
        assertThat(SubjectReadLog.read(entry)).isEqualTo(new SubjectReads.Read("health", "医生-2", "elderly-health-checkup", AT));
        assertThat(SubjectReadLog.timeOf(entry, 7L)).isEqualTo(AT.toEpochMilli());

        byte[] timeless = SubjectReadLog.entry(read("health", null, null, null));
        assertThat(SubjectReadLog.read(timeless)).isEqualTo(new SubjectReads.Read("health", null, null, null));
        assertThat(SubjectReadLog.timeOf(timeless, 7L)).as("an event that does not say when falls back").isEqualTo(7L);
    }

    @Test
    void aLogKeptByAnOlderGatewayIsReadInOrder() {
        byte[] log = log(SubjectReadLog.entry(read("civil-affairs", "clerk-1", "minimum-living-allowance", AT)),
                SubjectReadLog.entry(read("health", "医生-2", "elderly-health-checkup", AT.plusSeconds(60))),
                SubjectReadLog.entry(read("health", null, null, null)));

        assertThat(SubjectReadLog.decode(log).reads()).containsExactly(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", AT),
                new SubjectReads.Read("health", "医生-2", "elderly-health-checkup", AT.plusSeconds(60)),
                new SubjectReads.Read("health", null, null, null));
        assertThat(SubjectReadLog.decode(null).reads()).isEmpty();
    }

    @Test
    void aJsonListKeptByAnEvenOlderGatewayIsRead() throws Exception {
        byte[] legacy = JsonSerde.MAPPER.writeValueAsBytes(new SubjectReads(List.of(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", AT))));
        assertThat(SubjectReadLog.decode(legacy).reads()).containsExactly(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", AT));
    }

    @Test
    void onlyWellFormedEntriesAreAccepted() {
        byte[] entry = SubjectReadLog.entry(read("civil-affairs", "clerk-1", "minimum-living-allowance", AT));
        assertThat(SubjectReadLog.isEntry(entry)).isTrue();
        assertThat(SubjectReadLog.isEntry(null)).isFalse();
        assertThat(SubjectReadLog.isEntry(Arrays.copyOf(entry, entry.length - 1))).isFalse();
        assertThat(SubjectReadLog.isEntry(Arrays.copyOf(entry, entry.length + 1))).isFalse();
        assertThat(SubjectReadLog.isEntry("{\"department\":\"x\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
