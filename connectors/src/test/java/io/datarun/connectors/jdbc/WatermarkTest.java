package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pages through rows the way {@link IncrementalQuery}'s SQL does (same order, same predicate),
 * without a database: the watermark must neither skip nor repeat rows sharing a timestamp.
 * IncrementalQueryDatabaseTest runs the real SQL against PostgreSQL and MariaDB.
 */
class WatermarkTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 5, 1, 8, 0);
    private final SourceRows rows = new SourceRows("gxsj", "id", List.of(), List.of("id", "gxsj"));

    private static Map<String, Object> row(long id, LocalDateTime ts) {
        return Map.of("ID", id, "GXSJ", Timestamp.valueOf(ts)); // H2 reports upper-case labels
    }

    /** The SQL's semantics: ORDER BY ts, key; WHERE ts > :ts OR (ts = :ts AND key > :key); LIMIT n. */
    private List<Map<String, Object>> select(List<Map<String, Object>> table, Optional<SourcePosition> after, int limit) {
        Comparator<Map<String, Object>> order = Comparator.comparing((Map<String, Object> r) -> rows.position(r).ts())
                .thenComparing(r -> (Long) rows.position(r).key());
        return table.stream()
                .filter(r -> after.isEmpty() || isAfter(rows.position(r), after.get()))
                .sorted(order).limit(limit).toList();
    }

    private static boolean isAfter(SourcePosition row, SourcePosition position) {
        int byTs = row.ts().compareTo(position.ts());
        return byTs > 0 || (byTs == 0 && (Long) row.key() > (Long) position.key());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 50})
    void whenRowsShareTimestampsAcrossBatchBoundariesThenEachIsReadExactlyOnce(int batchSize) {
        List<Map<String, Object>> table = new ArrayList<>();
        long id = 100;
        for (int group = 0; group < 6; group++) {
            for (int i = 0; i < 4; i++) {
                table.add(row(id--, T0.plusSeconds(group))); // ids descend inside a timestamp on purpose
            }
        }
        Watermark watermark = new Watermark(rows, batchSize);

        List<Object> seen = new ArrayList<>();
        Optional<SourcePosition> position = Optional.empty();
        boolean more = true;
        int polls = 0;
        while (more && polls++ < 100) {
            List<Map<String, Object>> batch = select(table, position, batchSize);
            batch.forEach(r -> seen.add(rows.key(r)));
            position = watermark.next(position, batch);
            more = watermark.full(batch);
        }

        assertThat(seen).hasSize(table.size()).doesNotHaveDuplicates();
        assertThat(position).contains(new SourcePosition(T0.plusSeconds(5), 80L));
    }

    @Test
    void whenBatchIsEmptyThenPositionStaysAndNoImmediatePoll() {
        Watermark watermark = new Watermark(rows, 3);
        Optional<SourcePosition> position = Optional.of(new SourcePosition(T0, 5L));

        assertThat(watermark.next(position, List.of())).isEqualTo(position);
        assertThat(watermark.full(List.of())).isFalse();
    }

    @Test
    void whenBatchIsFullThenPollAgainAtOnce() {
        Watermark watermark = new Watermark(rows, 2);

        assertThat(watermark.full(List.of(row(1, T0), row(2, T0)))).isTrue();
        assertThat(watermark.full(List.of(row(1, T0)))).isFalse();
    }

    @Test
    void whenPositionIsPrintedThenTimestampHasNanosAndKeyIsNormalized() {
        SourcePosition position = SourcePosition.of(Timestamp.valueOf(T0.withNano(123_000)), 42);

        assertThat(position.tsText()).isEqualTo("2024-05-01T08:00:00.000123000");
        assertThat(position.key()).isEqualTo(42L);
    }
}
