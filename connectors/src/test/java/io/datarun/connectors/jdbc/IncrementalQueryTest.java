package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.declaration.Polling;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalQueryTest {
    private static final LocalDateTime T = LocalDateTime.of(2024, 5, 1, 8, 30, 0, 123_456_000);

    static JdbcSource source(Optional<String> table, Optional<String> query) {
        return new JdbcSource("jdbc:h2:mem:x", Optional.empty(), Optional.empty(), table, query,
                new JdbcSource.Watermark("gxsj", "id"), new Polling(3, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void whenNoPositionIsStoredThenFirstQueryHasNoPositionPredicateAndSkipsNullWatermarks() {
        IncrementalQuery query = new IncrementalQuery(source(Optional.of("hukou_residents"), Optional.empty()),
                List.of("id", "gxsj", "sfzh"));

        assertThat(query.sql(Optional.empty())).isEqualTo(
                "SELECT id, gxsj, sfzh FROM hukou_residents WHERE gxsj IS NOT NULL ORDER BY gxsj, id LIMIT :#limit");
        assertThat(query.parameters(Optional.empty(), 3)).containsExactly(java.util.Map.entry("limit", 3));
    }

    @Test
    void whenPositionIsStoredThenQueryStartsStrictlyAfterItWithBoundValues() {
        IncrementalQuery query = new IncrementalQuery(source(Optional.of("hukou_residents"), Optional.empty()),
                List.of("id", "gxsj"));
        Optional<SourcePosition> after = Optional.of(new SourcePosition(T, 42L));

        assertThat(query.sql(after)).isEqualTo("SELECT id, gxsj FROM hukou_residents"
                + " WHERE gxsj >= :#ts AND (gxsj > :#ts OR id > :#key) ORDER BY gxsj, id LIMIT :#limit");
        assertThat(query.parameters(after, 3)).containsEntry("ts", T).containsEntry("key", 42L).containsEntry("limit", 3);
    }

    @Test
    void whenSourceIsAQueryThenItIsWrappedAsSubquery() {
        IncrementalQuery query = new IncrementalQuery(
                source(Optional.empty(), Optional.of("select * from hukou_residents where zt = '1'")), List.of("id", "gxsj"));

        assertThat(query.sql(Optional.empty())).isEqualTo("SELECT id, gxsj FROM (select * from hukou_residents where zt = '1') src"
                + " WHERE gxsj IS NOT NULL ORDER BY gxsj, id LIMIT :#limit");
    }
}
