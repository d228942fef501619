package io.datarun.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The canonical form is a contract with every event already written: a verifier recomputes each stored
 * event's hash from it, so the same event must serialize to the same bytes in every release.
 */
class AuditCodecTest {
    static final AuditKey KEY = new AuditKey("audit-codec-test-key-0123456789");

    static AuditEvent read() {
        return new AuditEvent("7d1c2a4e-0000-4000-8000-000000000001", "gateway~1", 41,
                Instant.parse("2026-12-07T08:00:00.123456Z"), "req-1", "READ", "clerk-1", "civil-affairs",
                "public-security.household-registry", "110101195803215030", List.of("name", "address", "birthDate"),
                "minimum-living-allowance", "OK", null, "ab".repeat(32), null);
    }

    static AuditEvent refusal() {
        // non-ASCII kept as UTF-8, a quote, a backslash and a control character escaped, absent values null
        return new AuditEvent("7d1c2a4e-0000-4000-8000-000000000002", "gateway", 0, null, null, "REFUSED", "医生-2",
                null, null, null, List.of(), null, "NO_GRANT", "reason \"x\\y\" \u0001 街道", AuditEvent.GENESIS, null);
    }

    @Test
    void eventsSerializeAndHashAsEarlierReleasesWroteThem() {
        AuditEvent read = AuditCodec.seal(read(), KEY);
        assertThat(read.hash()).isEqualTo(READ_HASH);
        assertThat(new String(AuditCodec.encode(read), StandardCharsets.UTF_8)).isEqualTo(READ_STORED);
        AuditEvent refusal = AuditCodec.seal(refusal(), KEY);
        assertThat(refusal.hash()).isEqualTo(REFUSAL_HASH);
        assertThat(new String(AuditCodec.encode(refusal), StandardCharsets.UTF_8)).isEqualTo(REFUSAL_STORED);
    }

    @Test
    void theWritersOneSerializationIsTheStoredFormOfTheSealedEvent() {
        for (AuditEvent event : List.of(read(), refusal())) {
            AuditCodec.Sealed sealed = AuditCodec.sealAndEncode(event, KEY);
            assertThat(sealed.event()).isEqualTo(AuditCodec.seal(event, KEY));
            assertThat(sealed.stored()).isEqualTo(AuditCodec.encode(sealed.event()));
            assertThat(AuditCodec.decode(sealed.stored())).isEqualTo(sealed.event());
        }
    }

    // written by the release before the streaming serializer (066fbc8): the bytes every stored event has
    static final String READ_HASH = "75ae3aa327878313fcad6adbb2f5425d8b5d9352fe3b10f07564afe4e6a72566";
    static final String READ_STORED = "{\"eventId\":\"7d1c2a4e-0000-4000-8000-000000000001\",\"chain\":\"gateway~1\",\"seq\":41"
            + ",\"at\":\"2026-12-07T08:00:00.123456Z\",\"requestId\":\"req-1\",\"action\":\"READ\",\"us"
            + "er\":\"clerk-1\",\"department\":\"civil-affairs\",\"dataset\":\"public-security.househol"
            + "d-registry\",\"subjectId\":\"110101195803215030\",\"fields\":[\"address\",\"birthDate\","
            + "\"name\"],\"purpose\":\"minimum-living-allowance\",\"outcome\":\"OK\",\"detail\":null,\""
            + "prevHash\":\"abababababababababababababababababababababababababababababababab\",\"hash\""
            + ":\"75ae3aa327878313fcad6adbb2f5425d8b5d9352fe3b10f07564afe4e6a72566\"}";
    static final String REFUSAL_HASH = "f0a0ffa1f46001b54711c3a511c7b903e1d5c126e973a56fe5d08d64f29c9600";
    static final String REFUSAL_STORED = "{\"eventId\":\"7d1c2a4e-0000-4000-8000-000000000002\",\"chain\":\"gateway\",\"seq\":0,\""
            + "at\":null,\"requestId\":null,\"action\":\"REFUSED\",\"user\":\"医生-2\",\"department\":nul"
            + "l,\"dataset\":null,\"subjectId\":null,\"fields\":[],\"purpose\":null,\"outcome\":\"NO_GR"
            + "ANT\",\"detail\":\"reason \\\"x\\\\y\\\" \\u0001 街道\",\"prevHash\":\"0000000000000000000"
            + "000000000000000000000000000000000000000000000\",\"hash\":\"f0a0ffa1f46001b54711c3a511c7b"
            + "903e1d5c126e973a56fe5d08d64f29c9600\"}";
}
