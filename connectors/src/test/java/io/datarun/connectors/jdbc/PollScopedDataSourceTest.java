package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.declaration.Polling;
import java.sql.Connection;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proposal 2 of docs/benchmarks.md: one connection for all batches of a poll, none kept between polls. */
class PollScopedDataSourceTest {
    private static PollScopedDataSource dataSource() {
        return DataSources.perPoll(new JdbcSource("jdbc:h2:mem:poll-scoped;DB_CLOSE_DELAY=-1", Optional.empty(),
                Optional.empty(), Optional.of("t"), Optional.empty(), new JdbcSource.Watermark("gxsj", "id"),
                new Polling(3, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai"))), PollScopedDataSourceTest.class.getClassLoader());
    }

    @Test
    void whenHoldingThenEveryBatchGetsTheSameConnectionUntilReleased() throws Exception {
        PollScopedDataSource dataSource = dataSource();
        dataSource.hold();
        Connection first = dataSource.getConnection();
        Connection second = dataSource.getConnection();

        assertThat(second).isSameAs(first);
        assertThat(dataSource.shouldClose(first)).isFalse();
        assertThat(dataSource.isHoldingConnection()).isTrue();

        dataSource.release();
        assertThat(first.isClosed()).isTrue();
        assertThat(dataSource.isHoldingConnection()).isFalse();
    }

    @Test
    void whenNotHoldingThenEachCallOpensAConnectionThatIsClosedAfterUse() throws Exception {
        PollScopedDataSource dataSource = dataSource();
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            assertThat(second).isNotSameAs(first);
            assertThat(dataSource.shouldClose(first)).isTrue();
            assertThat(dataSource.isHoldingConnection()).isFalse();
        }
    }
}
