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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A first load's SQL and cursor on the real PostgreSQL and MariaDB, on a table shaped like a
 * department's: a primary key, no index on the change-time column. The pass streams the rows in key
 * order across more than one fetch, resumes after a committed key without skipping or repeating a row,
 * never reads a row without a change time, and a row changed or added during the pass is left to the
 * watermark query from the pass's bound, which reads exactly those.
 */
class SnapshotQueryDatabaseTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 5, 1, 8, 0, 0, 250_000_000);
    /** More than one fetch of the cursor. */
    private static final int ROWS = SnapshotCursor.FETCH_SIZE * 2 + 17;
    private static final String NAME = TestDatabases.freshName();
    private static String postgresUrl;
    private static String mariaDbUrl;

    @BeforeAll
    static void createDatabases() {
        postgresUrl = TestDatabases.createPostgres(NAME);
        TestDatabases.execute(postgresUrl, TestDatabases.POSTGRES_USER,
                "CREATE TABLE hukou_residents (id BIGINT PRIMARY KEY, gxsj TIMESTAMP)",
                // ids spread over the change times in another order than the key's
                "INSERT INTO hukou_residents SELECT g, TIMESTAMP '" + sql(T0) + "' + ((g * 7919) % 500) * INTERVAL '1 second' "
                        + "FROM generate_series(1, " + ROWS + ") g",
                "UPDATE hukou_residents SET gxsj = NULL WHERE id % 1000 = 3");
        mariaDbUrl = TestDatabases.createMariaDb(NAME);
        TestDatabases.execute(mariaDbUrl, TestDatabases.MARIADB_USER,
                "CREATE TABLE hukou_residents (id BIGINT PRIMARY KEY, gxsj DATETIME(6) NULL)",
                "INSERT INTO hukou_residents SELECT seq, TIMESTAMP '" + sql(T0) + "' + INTERVAL ((seq * 7919) % 500) SECOND "
                        + "FROM seq_1_to_" + ROWS,
                "UPDATE hukou_residents SET gxsj = NULL WHERE id % 1000 = 3");
    }

    @AfterAll
    static void dropDatabases() {
        TestDatabases.dropPostgres(NAME);
        TestDatabases.dropMariaDb(NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void whenTheFirstLoadIsInterruptedAndRowsChangeMeanwhileThenEachRowIsReadOnceByThePassOrByThePollsAfterIt(
            String database) throws SQLException {
        String url = database.equals("postgresql") ? postgresUrl : mariaDbUrl;
        String user = database.equals("postgresql") ? TestDatabases.POSTGRES_USER : TestDatabases.MARIADB_USER;
        var source = IncrementalQueryTest.source(Optional.of("hukou_residents"), Optional.empty());
        SnapshotQuery snapshot = new SnapshotQuery(source, List.of("id", "gxsj"));
        List<Long> read = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(url, user)) {
            SourcePosition bound = snapshot.bound(connection).orElseThrow();
            assertThat(bound.ts()).isEqualTo(T0.plusSeconds(499));
            assertThat(snapshot.remaining(connection, bound, Optional.empty())).isEqualTo(LongStream.rangeClosed(1, ROWS).filter(id -> id % 1000 != 3).count());

            // the pass stops (a crash) after a committed key...
            Object after;
            try (SnapshotCursor cursor = SnapshotCursor.open(connection, snapshot.rows(Optional.empty()),
                    SnapshotQuery.parameters(bound, Optional.empty()))) {
                for (int i = 0; i < 2500; i++) {
                    read.add(((Number) cursor.next().get("id")).longValue());
                }
                after = read.get(read.size() - 1);
            }
            assertThat(connection.getAutoCommit()).as("the connection is as before the cursor").isTrue();
            // ...and meanwhile a row already read and one not yet read change, and a row is added
            LocalDateTime later = T0.plusHours(1);
            TestDatabases.execute(url, user, "UPDATE hukou_residents SET gxsj = '" + sql(later) + "' WHERE id IN (10, 4000)",
                    "INSERT INTO hukou_residents VALUES (" + (ROWS + 1) + ", '" + sql(later) + "')");
            long last = ((Number) after).longValue();
            assertThat(snapshot.remaining(connection, bound, Optional.of(after))).as("rows the pass still reads")
                    .isEqualTo(LongStream.rangeClosed(last + 1, ROWS).filter(id -> id % 1000 != 3 && id != 4000).count());

            try (SnapshotCursor cursor = SnapshotCursor.open(connection, snapshot.rows(Optional.of(after)),
                    SnapshotQuery.parameters(bound, Optional.of(after)))) {
                for (Map<String, Object> row = cursor.next(); row != null; row = cursor.next()) {
                    read.add(((Number) row.get("id")).longValue());
                }
            }
            List<Long> expected = LongStream.rangeClosed(1, ROWS).filter(id -> id % 1000 != 3 && id != 4000).boxed().toList();
            assertThat(read).as("the pass: every row with a change time at or before its bound, once, in key order")
                    .containsExactlyElementsOf(expected);

            // the watermark polls after the pass start from its bound: exactly the rows changed or added meanwhile
            IncrementalQuery polls = new IncrementalQuery(source, List.of("id", "gxsj"));
            Optional<SourcePosition> from = Optional.of(bound);
            List<Long> polled = NamedParameterSql.run(connection, polls.sql(from), polls.parameters(from, 100)).stream()
                    .map(r -> ((Number) r.get("id")).longValue()).toList();
            assertThat(polled).containsExactly(10L, 4000L, (long) ROWS + 1);
        }
    }

    private static String sql(LocalDateTime ts) {
        return ts.toString().replace('T', ' ');
    }
}
