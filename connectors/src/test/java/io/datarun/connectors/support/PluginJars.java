package io.datarun.connectors.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        String missing = "no plugin jars in " + built.toAbsolutePath() + ": the build copies them there once the "
                + "example module is packaged, so run ./mvnw -pl connectors -am verify (not only the test phase)";
        try (Stream<Path> listing = Files.list(built)) {
            List<Path> jars = listing.filter(p -> p.toString().endsWith(".jar")).toList();
            if (jars.size() < 2) {
                throw new IllegalStateException(missing);
            }
            Path folder = Files.createDirectories(parent.resolve("plugins"));
            for (Path jar : jars) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(missing, e);
        }
    }
}
