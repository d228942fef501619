package io.datarun.connectors.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The jars an operator would put into a runtime's plugins folder — the SPI example's and MySQL
 * Connector/J, a JDBC driver the runtime does not ship — as the build copied them (never onto a
 * class path: the tests must find them through the plugins folder or not at all).
 */
public final class PluginJars {
    public static final String EXAMPLE_SOURCE = "io.datarun.connectors.example.JsonLinesSource";
    public static final String MYSQL_DRIVER = "com.mysql.cj.jdbc.Driver";

    private PluginJars() {
    }

    /** A new plugins folder under {@code parent} holding a copy of every plugin jar. */
    public static Path copyInto(Path parent) {
        Path built = Path.of(System.getProperty("datarun-test.plugins", "target/test-plugins"));
        try (Stream<Path> jars = Files.list(built)) {
            Path folder = Files.createDirectories(parent.resolve("plugins"));
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("no plugin jars in " + built.toAbsolutePath()
                    + "; the Maven build copies them there (generate-test-resources)", e);
        }
    }
}
