package io.datarun.connectors.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.ConnectorDeclarationException;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.JdbcSource;
import io.datarun.connectors.declaration.Placeholders;
import io.datarun.connectors.declaration.Polling;
import io.datarun.connectors.jdbc.DataSources;
import io.datarun.connectors.runtime.Sources;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.support.PluginJars;
import io.datarun.connectors.support.TestDatabases;
import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins folder without Kafka: the example source and MySQL Connector/J are in no class path of
 * this test, only in the folder, and the runtime's own lookups (a {@code kind: java} declaration's
 * class, a JDBC URL's driver) find them there.
 */
class PluginsTest {
    @TempDir
    Path dir;

    private final DeclarationReader reader = new DeclarationReader(SchemaRegistry.load(), Placeholders.fromProcess(),
            new DeclarationReader.Defaults(500, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai")));

    private ConnectorDeclaration javaDeclaration(String className, Path file) throws IOException {
        return reader.read(Files.writeString(dir.resolve("jsonl.yaml"), """
                name: ps-jsonl
                dataset: public-security.household-registry
                source: {kind: java, class: %s, options: {file: %s}}
                mapping: {residentId: sfzh, name: xm, gender: xb, birthDate: csrq, householdNumber: hh,
                          registeredAddress: hjdz, divisionCode: xzqh, updatedAt: gxsj}
                """.formatted(className, file)));
    }

    @Test
    void whenTheExampleJarIsInThePluginsFolderThenTheDeclaredClassIsFoundThereAndReadsRows() throws Exception {
        Path lines = Files.writeString(dir.resolve("residents.jsonl"),
                "{\"sfzh\":\"110105198001020030\",\"xm\":\"张三\",\"gxsj\":\"2025-05-01T08:00:00\"}\n", StandardCharsets.UTF_8);
        ConnectorDeclaration declaration = javaDeclaration(PluginJars.EXAMPLE_SOURCE, lines);
        assertThatThrownBy(() -> Class.forName(PluginJars.EXAMPLE_SOURCE)).isInstanceOf(ClassNotFoundException.class);

        try (Plugins plugins = Plugins.load(PluginJars.copyInto(dir));
                SourceConnector source = Sources.supplier(declaration, plugins).get()) {
            source.open(new SourceContext("ps-jsonl", "public-security.household-registry", Map.of("file", lines.toString()),
                    ZoneId.of("Asia/Shanghai"), declaration.file()));
            SourceBatch batch = source.poll(null, 10);

            assertThat(source.getClass().getClassLoader()).isSameAs(plugins.classLoader());
            assertThat(batch.rows()).singleElement().satisfies(row -> assertThat(row.columns()).containsEntry("xm", "张三"));
            assertThat(plugins.describe()).contains("datarun-connector-example").contains(PluginJars.EXAMPLE_SOURCE)
                    .contains(PluginJars.MYSQL_DRIVER);
        }
    }

    @Test
    void whenAJdbcDriverIsInThePluginsFolderThenAJdbcSourceConnectsThroughIt() throws Exception {
        JdbcSource mysql = new JdbcSource("jdbc:mysql://127.0.0.1:3306/", Optional.of(TestDatabases.MARIADB_USER),
                Optional.empty(), Optional.of("t"), Optional.empty(), new JdbcSource.Watermark("gxsj", "id"),
                new Polling(10, Duration.ofSeconds(2), ZoneId.of("Asia/Shanghai")));
        assertThatThrownBy(() -> DataSources.create(mysql, getClass().getClassLoader()))
                .hasMessageContaining("no JDBC driver accepts 'jdbc:mysql:").hasMessageContaining("plugins folder");

        try (Plugins plugins = Plugins.load(PluginJars.copyInto(dir));
                Connection connection = DataSources.create(mysql, plugins.classLoader()).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 40 + 2")) {
            assertThat(connection.getClass().getClassLoader()).isSameAs(plugins.classLoader());
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void whenTheClassIsInNoJarThenTheDeclarationFailsNamingThePluginsFolder() throws Exception {
        ConnectorDeclaration declaration = javaDeclaration("com.example.Missing", dir.resolve("none.jsonl"));
        Path folder = PluginJars.copyInto(dir);

        try (Plugins plugins = Plugins.load(folder)) {
            assertThatThrownBy(() -> Sources.supplier(declaration, plugins))
                    .isInstanceOf(ConnectorDeclarationException.class)
                    .hasMessageContaining("source.class")
                    .hasMessageContaining("plugins folder " + folder.toAbsolutePath())
                    .hasMessageContaining("com.example.Missing");
        }
    }

    @Test
    void whenThePluginsFolderDoesNotExistThenLoadingFailsNamingIt() {
        assertThatThrownBy(() -> Plugins.load(dir.resolve("nowhere")))
                .hasMessageContaining("nowhere").hasMessageContaining("datarun.connectors.plugins-dir");
    }
}
