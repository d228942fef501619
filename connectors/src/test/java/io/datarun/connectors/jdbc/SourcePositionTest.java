package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The position header every published record carries is written by hand for speed; readers (dead
 * letters, the change feed's lineage, a resumed connector) must get exactly what the JSON tree gave.
 */
class SourcePositionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LocalDateTime> TIMES = List.of(
            LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999),
            LocalDateTime.of(2025, 1, 1, 0, 0, 0, 0),
            LocalDateTime.of(1, 1, 1, 0, 0, 0, 1),
            LocalDateTime.of(9999, 12, 31, 7, 8, 9, 120_000_000),
            LocalDateTime.of(1987, 6, 5, 4, 3, 2, 1_000));

    @Test
    void timestampTextIsTheFormattersTextWithNineFractionDigits() {
        for (LocalDateTime ts : TIMES) {
            assertThat(new SourcePosition(ts, 1L).tsText()).isEqualTo(SourcePosition.TS_FORMAT.format(ts)).hasSize(29);
        }
        assertThat(new SourcePosition(LocalDateTime.of(2025, 3, 4, 5, 6, 7, 8), 1L).tsText())
                .isEqualTo("2025-03-04T05:06:07.000000008");
    }

    @Test
    void headerBytesReadBackAsTheSameJsonForEveryKindOfKey() throws Exception {
        for (LocalDateTime ts : TIMES) {
            for (Object key : List.of(42L, Long.MIN_VALUE, new BigDecimal("12345678901234567890.5"), "A-\"7\"\\中文")) {
                SourcePosition position = new SourcePosition(ts, key);
                JsonNode written = JSON.readTree(position.jsonBytes());
                // what a reader of the header got before: the JSON tree's own bytes, read back
                assertThat(written).isEqualTo(JSON.readTree(JSON.writeValueAsBytes(position.toJson())));
                if (!(key instanceof BigDecimal)) { // a plain mapper reads a decimal as a double
                    assertThat(SourcePosition.fromJson(written)).isEqualTo(position);
                }
            }
        }
    }
}
