package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@link IncrementalQuery}'s SQL on the real PostgreSQL and MariaDB: paging with a small batch
 * through rows that share timestamps (and rows whose watermark is NULL) reads each row with a
 * watermark exactly once and never one without.
 */
class IncrementalQueryDatabaseTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 5, 1, 8, 0, 0, 250_000_000);
    private static final String NAME = TestDatabases.freshName();
    private static String postgresUrl;
    private static String mariaDbUrl;

    @BeforeAll
    static void createDatabases() {
        postgresUrl = TestDatabases.createPostgres(NAME);
        // the index the demo seeding creates (and a department should have): (watermark, key)
        TestDatabases.execute(postgresUrl, TestDatabases.POSTGRES_USER,
                "CREATE TABLE hukou_residents (id BIGINT PRIMARY KEY, gxsj TIMESTAMP)",
                "CREATE INDEX hukou_residents_gxsj ON hukou_residents (gxsj, id)");
        mariaDbUrl = TestDatabases.createMariaDb(NAME);
        TestDatabases.execute(mariaDbUrl, TestDatabases.MARIADB_USER,
                "CREATE TABLE hukou_residents (id BIGINT PRIMARY KEY, gxsj DATETIME(6) NULL)");
        for (String url : List.of(postgresUrl, mariaDbUrl)) {
            List<String> inserts = new ArrayList<>();
            long id = 1;
            for (int group = 0; group < 5; group++) {
                for (int i = 0; i < 5; i++) {
                    // ids interleave across timestamps, so key order differs from insertion order
                    long key = (i * 10L) + (5 - group);
                    inserts.add("INSERT INTO hukou_residents VALUES (" + key + ", '" + T0.plusMinutes(group)
                            .toString().replace('T', ' ') + "')");
                    id++;
                }
            }
            inserts.add("INSERT INTO hukou_residents VALUES (1000, NULL)");
            TestDatabases.execute(url, url.contains("postgresql") ? TestDatabases.POSTGRES_USER : TestDatabases.MARIADB_USER,
                    inserts.toArray(String[]::new));
        }
    }

    @AfterAll
    static void dropDatabases() {
        TestDatabases.dropPostgres(NAME);
        TestDatabases.dropMariaDb(NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void whenPagingThroughSharedTimestampsThenEachRowIsReadOnceAndNullWatermarksNever(String database) throws SQLException {
        String url = database.equals("postgresql") ? postgresUrl : mariaDbUrl;
        String user = database.equals("postgresql") ? TestDatabases.POSTGRES_USER : TestDatabases.MARIADB_USER;
        IncrementalQuery query = new IncrementalQuery(IncrementalQueryTest.source(Optional.of("hukou_residents"),
                Optional.empty()), List.of("id", "gxsj"));
        SourceRows rows = new SourceRows("gxsj", "id", List.of(), List.of("id", "gxsj"));
        Watermark watermark = new Watermark(rows, 3);

        List<Object> seen = new ArrayList<>();
        Optional<SourcePosition> position = Optional.empty();
        try (Connection connection = TestDatabases.connect(url, user)) {
            for (int poll = 0; poll < 50; poll++) {
                List<Map<String, Object>> batch = NamedParameterSql.run(connection, query.sql(position), query.parameters(position, 3));
                batch.forEach(r -> seen.add(rows.key(r)));
                position = watermark.next(position, batch);
                if (!watermark.full(batch)) {
                    break;
                }
            }
        }

        assertThat(seen).hasSize(25).doesNotHaveDuplicates().doesNotContain(1000L);
        assertThat(position).contains(new SourcePosition(T0.plusMinutes(4), 41L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void whenCountingTheBacklogThenRowsBeyondThePositionAndTheWatermarkGapAreGiven(String database) throws SQLException {
        String url = database.equals("postgresql") ? postgresUrl : mariaDbUrl;
        String user = database.equals("postgresql") ? TestDatabases.POSTGRES_USER : TestDatabases.MARIADB_USER;
        IncrementalQuery query = new IncrementalQuery(IncrementalQueryTest.source(Optional.of("hukou_residents"),
                Optional.empty()), List.of("id", "gxsj"));
        try (Connection connection = TestDatabases.connect(url, user)) {
            // after (T0+2min, 23): keys 33 and 43 of that minute, then the 10 rows of minutes 3 and 4
            assertThat(SourceBacklog.count(connection, query, Optional.of(new SourcePosition(T0.plusMinutes(2), 23L))))
                    .isEqualTo(new SourceBacklog(12, java.time.Duration.ofMinutes(2)));
            assertThat(SourceBacklog.count(connection, query, Optional.of(new SourcePosition(T0.plusMinutes(4), 41L))))
                    .isEqualTo(new SourceBacklog(0, java.time.Duration.ZERO));
            // no position yet: every row with a watermark; the gap is unknown without a position
            assertThat(SourceBacklog.count(connection, query, Optional.empty())).isEqualTo(new SourceBacklog(25, null));
        }
    }

    /**
     * Proposal 1 of docs/benchmarks.md: the query after a position must start an index range scan
     * on (gxsj, id) at the position (an {@code Index Cond} on gxsj), not walk the index from its
     * beginning and filter. Sequential and bitmap scans are disabled because on a 26-row table a
     * sequential scan is cheapest; what is checked is that the predicate can bound the index scan.
     */
    @org.junit.jupiter.api.Test
    void whenPostgresHasAWatermarkKeyIndexThenTheNextBatchQueryIsAnIndexRangeOnIt() throws SQLException {
        IncrementalQuery query = new IncrementalQuery(IncrementalQueryTest.source(Optional.of("hukou_residents"),
                Optional.empty()), List.of("id", "gxsj"));
        Optional<SourcePosition> position = Optional.of(new SourcePosition(T0.plusMinutes(2), 23L));
        List<String> plan = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(postgresUrl, TestDatabases.POSTGRES_USER)) {
            try (var statement = connection.createStatement()) {
                statement.execute("ANALYZE hukou_residents");
                statement.execute("SET enable_seqscan = off");
                statement.execute("SET enable_bitmapscan = off");
            }
            for (Map<String, Object> row : NamedParameterSql.run(connection, "EXPLAIN " + query.sql(position), query.parameters(position, 3))) {
                plan.add(String.valueOf(row.values().iterator().next()));
            }
        }
        String text = String.join("\n", plan);
        assertThat(text).as(text).containsPattern("Index (Only )?Scan using hukou_residents_gxsj on hukou_residents")
                .containsPattern("Index Cond: \\(gxsj >= ")
                .doesNotContain("Sort");
    }
}
