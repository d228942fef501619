package io.datarun.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary reads of a subject: what disputes name as readers must survive the encoding exactly. */
class SubjectReadLogTest {
    static final Instant AT = Instant.parse("2026-12-01T08:00:00.123Z");

    static AccessEvent read(String department, String user, String purpose, Instant at) {
        return new AccessEvent("public-security.household-registry", "110101195803215030", department, user, purpose, at);
    }

    @Test
    void readsComeBackInOrderWithEveryField() {
        byte[] log = SubjectReadLog.NONE;
        log = SubjectReadLog.append(log, SubjectReadLog.entry(read("civil-affairs", "clerk-1", "minimum-living-allowance", AT)));
        log = SubjectReadLog.append(log, SubjectReadLog.entry(read("health", "医生-2", "elderly-health-checkup", AT.plusSeconds(60))));
        log = SubjectReadLog.append(log, SubjectReadLog.entry(read("health", null, null, null)));

        assertThat(SubjectReadLog.decode(log).reads()).containsExactly(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", AT),
                new SubjectReads.Read("health", "医生-2", "elderly-health-checkup", AT.plusSeconds(60)),
                new SubjectReads.Read("health", null, null, null));
    }

    @Test
    void onlyTheLatestReadsAreKept() {
        byte[] log = null;
        for (int i = 0; i < SubjectReads.KEEP + 25; i++) {
            log = SubjectReadLog.append(log, SubjectReadLog.entry(read("dept-" + i, "u", "p", AT.plusSeconds(i))));
        }
        List<SubjectReads.Read> reads = SubjectReadLog.decode(log).reads();
        assertThat(reads).hasSize(SubjectReads.KEEP);
        assertThat(reads.get(0).department()).isEqualTo("dept-25");
        assertThat(reads.get(SubjectReads.KEEP - 1).department()).isEqualTo("dept-" + (SubjectReads.KEEP + 24));
    }

    @Test
    void aJsonListKeptByAnOlderGatewayIsReadAndAppendedTo() throws Exception {
        byte[] legacy = JsonSerde.MAPPER.writeValueAsBytes(new SubjectReads(List.of(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", AT))));
        assertThat(SubjectReadLog.decode(legacy).reads()).extracting(SubjectReads.Read::department).containsExactly("civil-affairs");

        byte[] log = SubjectReadLog.append(legacy, SubjectReadLog.entry(read("health", "doc", "elderly-health-checkup", AT.plusSeconds(5))));
        assertThat(SubjectReadLog.decode(log).reads()).containsExactly(
                new SubjectReads.Read("civil-affairs", "clerk-1", "minimum-living-allowance", AT),
                new SubjectReads.Read("health", "doc", "elderly-health-checkup", AT.plusSeconds(5)));
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
