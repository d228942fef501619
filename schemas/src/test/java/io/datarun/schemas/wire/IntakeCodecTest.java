package io.datarun.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datarun.schemas.validation.Violation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values below were written by the code that produced dead letters and offsets records before
 * this codec existed (the connectors' {@code Messages}, the gateway's {@code PushPublisher}); topics
 * keep them, so the codec must read them and write exactly them again.
 */
class IntakeCodecTest {
    private static final Instant AT = Instant.parse("2025-05-02T01:00:00.123456Z");
    private static final String DATASET = "public-security.household-registry";
    private static final String RAW = "\"raw\":{\"身份证号\":\"110105198001020030\",\"姓名\":\"张三\",\"备注\":null,"
            + "\"q\":\"a \\\"quoted\\\"\\nline\"}";
    private static final String VIOLATIONS = "\"violations\":[{\"field\":\"residentId\",\"code\":\"resident-id.checksum\","
            + "\"message\":\"bad checksum\"},{\"field\":\"name\",\"code\":\"required\",\"message\":\"名字必填\"}]";

    private static final String JDBC_LETTER = "{\"dataset\":\"" + DATASET + "\",\"connector\":\"ps-jdbc\","
            + "\"sourcePosition\":{\"ts\":\"2025-05-01T08:00:00.500000000\",\"key\":42}," + RAW + "," + VIOLATIONS
            + ",\"rejectedAt\":\"2025-05-02T01:00:00.123456Z\"}";
    private static final String DECIMAL_KEY_LETTER = "{\"dataset\":\"" + DATASET + "\",\"connector\":\"ps-jdbc\","
            + "\"sourcePosition\":{\"ts\":\"2025-05-01T08:00:00.000000000\",\"key\":12345678901234567890.5}," + RAW + ","
            + VIOLATIONS + ",\"rejectedAt\":\"2025-05-02T01:00:00.123456Z\"}";
    private static final String FILE_LETTER = "{\"dataset\":\"" + DATASET + "\",\"connector\":\"ps-drop\","
            + "\"sourcePosition\":{\"file\":\"2025-05.csv\",\"sha256\":\"ab\",\"row\":4}," + RAW + "," + VIOLATIONS
            + ",\"rejectedAt\":\"2025-05-02T01:00:00.123456Z\"}";
    private static final String PUSH_LETTER = "{\"dataset\":\"" + DATASET + "\",\"connector\":\"push." + DATASET
            + ".gateway\",\"sourcePosition\":{\"pushedBy\":\"clerk-1\",\"index\":3},\"raw\":{\"residentId\":\"1\"},"
            + "\"violations\":[],\"rejectedAt\":\"2025-05-02T01:00:00.123456Z\"}";

    private static final String JDBC_OFFSETS = "{\"connector\":\"ps-jdbc\",\"dataset\":\"" + DATASET + "\","
            + "\"position\":{\"ts\":\"2025-05-01T08:00:00.000000000\",\"key\":\"K-7\"},\"rowsSeen\":10,\"accepted\":9,"
            + "\"deadLettered\":1,\"committedAt\":\"2025-05-02T01:00:00.123456Z\"}";
    private static final String NO_POSITION_OFFSETS = "{\"connector\":\"ps-jdbc\",\"dataset\":\"" + DATASET + "\","
            + "\"position\":null,\"rowsSeen\":0,\"accepted\":0,\"deadLettered\":0,"
            + "\"committedAt\":\"2025-05-02T01:00:00.123456Z\"}";
    private static final String TEXT_POSITION_OFFSETS = "{\"connector\":\"ps-http\",\"dataset\":\"d\","
            + "\"position\":\"{\\\"since\\\":\\\"2025-05-01T08:00:00\\\",\\\"keys\\\":[\\\"a\\\"]}\",\"rowsSeen\":3,"
            + "\"accepted\":3,\"deadLettered\":0,\"committedAt\":\"2025-05-02T01:00:00.123456Z\"}";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static Map<String, String> raw() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("身份证号", "110105198001020030");
        raw.put("姓名", "张三");
        raw.put("备注", null);
        raw.put("q", "a \"quoted\"\nline");
        return raw;
    }

    private static List<Violation> violations() {
        return List.of(new Violation("residentId", "resident-id.checksum", "bad checksum"),
                new Violation("name", "required", "名字必填"));
    }

    private static DeadLetter letter(String connector, JsonNode position) {
        return new DeadLetter(DATASET, connector, position, raw(), violations(), AT);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whenADeadLetterIsEncodedThenItsBytesAreThoseConnectorsAndThePushApiWroteBefore() {
        ObjectNode jdbc = NODES.objectNode().put("ts", "2025-05-01T08:00:00.500000000").put("key", 42L);
        ObjectNode decimal = NODES.objectNode().put("ts", "2025-05-01T08:00:00.000000000")
                .put("key", new BigDecimal("12345678901234567890.5"));
        ObjectNode file = NODES.objectNode().put("file", "2025-05.csv").put("sha256", "ab").put("row", 4);
        ObjectNode push = NODES.objectNode().put("pushedBy", "clerk-1").put("index", 3);

        assertThat(text(IntakeCodec.encode(letter("ps-jdbc", jdbc)))).isEqualTo(JDBC_LETTER);
        assertThat(text(IntakeCodec.encode(letter("ps-jdbc", decimal)))).isEqualTo(DECIMAL_KEY_LETTER);
        assertThat(text(IntakeCodec.encode(letter("ps-drop", file)))).isEqualTo(FILE_LETTER);
        assertThat(text(IntakeCodec.encode(new DeadLetter(DATASET, "push." + DATASET + ".gateway", push,
                Map.of("residentId", "1"), List.of(), AT)))).isEqualTo(PUSH_LETTER);
    }

    @Test
    void whenAnOldDeadLetterIsDecodedThenEveryMemberIsRead() {
        DeadLetter letter = IntakeCodec.decodeDeadLetter(bytes(JDBC_LETTER));

        assertThat(letter.dataset()).isEqualTo(DATASET);
        assertThat(letter.connector()).isEqualTo("ps-jdbc");
        assertThat(letter.sourcePosition().path("key").longValue()).isEqualTo(42L);
        assertThat(letter.raw()).containsExactlyEntriesOf(raw());
        assertThat(letter.violations()).isEqualTo(violations());
        assertThat(letter.rejectedAt()).isEqualTo(AT);
    }

    @Test
    void whenOldValuesAreDecodedAndEncodedAgainThenTheBytesAreUnchanged() {
        for (String letter : List.of(JDBC_LETTER, DECIMAL_KEY_LETTER, FILE_LETTER, PUSH_LETTER)) {
            assertThat(text(IntakeCodec.encode(IntakeCodec.decodeDeadLetter(bytes(letter))))).isEqualTo(letter);
        }
        for (String offsets : List.of(JDBC_OFFSETS, NO_POSITION_OFFSETS, TEXT_POSITION_OFFSETS)) {
            assertThat(text(IntakeCodec.encode(IntakeCodec.decodeSourceOffset(bytes(offsets))))).isEqualTo(offsets);
        }
    }

    @Test
    void whenADecimalKeyIsDecodedThenItIsExactNotTheNearestDouble() {
        JsonNode key = IntakeCodec.decodeDeadLetter(bytes(DECIMAL_KEY_LETTER)).sourcePosition().path("key");

        assertThat(key.decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.5"));
    }

    @Test
    void whenAnOffsetsRecordIsEncodedThenItsBytesAreThoseWrittenBefore() {
        ObjectNode jdbc = NODES.objectNode().put("ts", "2025-05-01T08:00:00.000000000").put("key", "K-7");

        assertThat(text(IntakeCodec.encode(new SourceOffset("ps-jdbc", DATASET, jdbc, 10, 9, 1, AT))))
                .isEqualTo(JDBC_OFFSETS);
        assertThat(text(IntakeCodec.encode(new SourceOffset("ps-jdbc", DATASET, null, 0, 0, 0, AT))))
                .isEqualTo(NO_POSITION_OFFSETS);
        assertThat(text(IntakeCodec.encode(new SourceOffset("ps-http", "d",
                TextNode.valueOf("{\"since\":\"2025-05-01T08:00:00\",\"keys\":[\"a\"]}"), 3, 3, 0, AT))))
                .isEqualTo(TEXT_POSITION_OFFSETS);
    }

    @Test
    void whenAnOldOffsetsRecordIsDecodedThenPositionAndCountsAreRead() {
        SourceOffset jdbc = IntakeCodec.decodeSourceOffset(bytes(JDBC_OFFSETS));
        SourceOffset none = IntakeCodec.decodeSourceOffset(bytes(NO_POSITION_OFFSETS));
        SourceOffset text = IntakeCodec.decodeSourceOffset(bytes(TEXT_POSITION_OFFSETS));

        assertThat(jdbc.position().path("key").asText()).isEqualTo("K-7");
        assertThat(jdbc.rowsSeen()).isEqualTo(10);
        assertThat(jdbc.balanced()).isTrue();
        assertThat(jdbc.committedAt()).isEqualTo(AT);
        assertThat(none.position()).isEqualTo(NullNode.getInstance());
        assertThat(text.position().asText()).startsWith("{\"since\"");
    }

    @Test
    void whenMembersAreMissingThenTheyDecodeAsAbsentNotAsAFailure() {
        SourceOffset offsets = IntakeCodec.decodeSourceOffset(bytes("{\"rowsSeen\":2,\"accepted\":2}"));
        DeadLetter letter = IntakeCodec.decodeDeadLetter(bytes("{\"connector\":\"c\"}"));

        assertThat(offsets.connector()).isNull();
        assertThat(offsets.position().isNull()).isTrue();
        assertThat(offsets.committedAt()).isNull();
        assertThat(offsets.deadLettered()).isZero();
        assertThat(letter.sourcePosition().isMissingNode()).isTrue();
        assertThat(letter.raw()).isEmpty();
        assertThat(letter.rejectedAt()).isNull();
    }

    @Test
    void whenAValueIsNotAJsonObjectThenDecodingFailsSayingWhatItExpected() {
        assertThatThrownBy(() -> IntakeCodec.decodeDeadLetter(bytes("not json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> IntakeCodec.decodeSourceOffset(bytes("[1]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a JSON object");
    }
}
