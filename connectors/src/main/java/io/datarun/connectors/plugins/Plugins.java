package io.datarun.connectors.plugins;

import io.datarun.connectors.spi.SourceConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The jars of the plugins folder ({@code datarun.connectors.plugins-dir}): custom sources
 * ({@code kind: java}) and JDBC drivers the runtime does not ship, loaded by one class loader of
 * their own whose parent is the runtime's.
 *
 * <p>Why a folder and not {@code quarkus-app/lib/main}: the packaged runtime (Quarkus' fast-jar)
 * loads classes through an index of its jars made at build time, so a jar copied into
 * {@code lib/main} afterwards is never seen by the runtime, although a plain class path (the dry
 * run's) does see it. This class loader reads the folder when the runtime starts, so the runtime and
 * the dry run find the same classes.
 *
 * <p>The runtime's own classes come first (parent-first delegation): a plugin compiles against
 * {@code datarun-connector-spi} and may use what the runtime already has (Jackson, for one), but it
 * cannot replace a class the runtime ships, such as a newer PostgreSQL driver.
 */
public final class Plugins implements AutoCloseable {
    private final Optional<Path> dir;
    private final List<Path> jars;
    private final ClassLoader loader;

    private Plugins(Optional<Path> dir, List<Path> jars, ClassLoader loader) {
        this.dir = dir;
        this.jars = List.copyOf(jars);
        this.loader = loader;
    }

    /** No plugins folder: classes and drivers come from the runtime alone. */
    public static Plugins none() {
        return new Plugins(Optional.empty(), List.of(), Plugins.class.getClassLoader());
    }

    /** Every {@code *.jar} directly in {@code dir}; the folder must exist. */
    public static Plugins load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the plugins folder " + dir.toAbsolutePath() + " (datarun.connectors.plugins-dir)"
                    + " does not exist; create it or unset the key");
        }
        List<Path> jars;
        try (Stream<Path> listing = Files.list(dir)) {
            jars = listing.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins folder " + dir, e);
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("cannot load " + jar + ": " + e.getMessage(), e);
            }
        }
        ClassLoader loader = new URLClassLoader("datarun-plugins", urls.toArray(URL[]::new), Plugins.class.getClassLoader());
        return new Plugins(Optional.of(dir), jars, loader);
    }

    /** The plugins of {@code dir} when one is given, else none. */
    public static Plugins of(Optional<Path> dir) {
        return dir.map(Plugins::load).orElseGet(Plugins::none);
    }

    /** Where custom source classes and JDBC drivers are looked up: the plugins' jars, then the runtime. */
    public ClassLoader classLoader() {
        return loader;
    }

    /** The place a missing class should have been, for messages. */
    public String where() {
        return dir.map(d -> "the runtime or a jar in its plugins folder " + d.toAbsolutePath())
                .orElse("the runtime (no plugins folder is set: datarun.connectors.plugins-dir)");
    }

    /** One line for the start-up log: the folder, its jars, and the sources and drivers they declare. */
    public String describe() {
        if (dir.isEmpty()) {
            return "no plugins folder (datarun.connectors.plugins-dir)";
        }
        return "plugins folder " + dir.get().toAbsolutePath() + ": " + jars.size() + " jars "
                + jars.stream().map(j -> j.getFileName().toString()).toList()
                + ", sources " + declared(SourceConnector.class) + ", JDBC drivers " + declared(Driver.class);
    }

    /** The implementations of a service that the plugin jars (not the runtime) declare in META-INF/services. */
    private List<String> declared(Class<?> service) {
        try {
            return ServiceLoader.load(service, loader).stream().map(ServiceLoader.Provider::type)
                    .filter(type -> type.getClassLoader() == loader).map(Class::getName).toList();
        } catch (java.util.ServiceConfigurationError e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        if (loader instanceof URLClassLoader urls && dir.isPresent()) {
            urls.close();
        }
    }
}
