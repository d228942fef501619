package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.CamelSource;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.DeclarationReader;
import io.datarun.connectors.declaration.FolderSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Follows the declarations folder while the runtime runs: every {@code interval} it compares the
 * folder's files by content ({@link FolderSnapshot}) with what it applied last and hands the
 * runtime only the difference ({@code ConnectorRuntime.apply}): a file added or changed is read and
 * starts or restarts its connector, a file removed stops its connector, and every other connector is
 * left alone. A changed {@code *.camel.yaml} route restarts the connectors whose {@code routeFile}
 * it is.
 *
 * <p>A file that cannot be read (an unknown key, a mapping that does not fit the schema, a name
 * another file already uses) is refused with one log line — the reader's message, naming the file,
 * the key and the line — and the connector's earlier version, if any, keeps running. The file is
 * read again when it changes, or when a dataset is registered at runtime ({@link #retryRefused}: it
 * may have named one not known yet).
 */
final class DeclarationWatcher implements AutoCloseable {
    /** Where the difference goes ({@link ConnectorRuntime#apply}); returns the names it could not run. */
    interface Apply {
        Set<String> apply(Collection<ConnectorDeclaration> declared, Collection<String> removed);
    }

    private static final Logger LOG = Logger.getLogger(DeclarationWatcher.class);
    private static final Duration ERROR_REPEAT = Duration.ofMinutes(1);

    private final Path dir;
    private final Duration interval;
    private final DeclarationReader reader;
    private final Apply runtime;
    /** Declaration file to the connector it declares now (the version running, or refused since). */
    private final Map<Path, ConnectorDeclaration> declared = new HashMap<>();
    /** Files refused since their last change, with the reason. */
    private final Map<Path, String> refused = new ConcurrentSkipListMap<>();
    private volatile boolean retry;
    /** Names the folder's files declare now, for other threads (the API must not replace them). */
    private volatile Set<String> names;
    private FolderSnapshot applied;
    private ScheduledExecutorService executor;
    private long lastErrorLogged;

    DeclarationWatcher(Path dir, Duration interval, DeclarationReader reader, FolderSnapshot before,
            List<ConnectorDeclaration> atStart, Apply runtime) {
        this.dir = dir;
        this.interval = interval;
        this.reader = reader;
        this.runtime = runtime;
        this.applied = before;
        atStart.forEach(declaration -> declared.put(declaration.file(), declaration));
        names = Set.copyOf(atStart.stream().map(ConnectorDeclaration::name).toList());
    }

    /** Whether a file of the folder declares this connector (read or refused since). */
    boolean declares(String name) {
        return names.contains(name);
    }

    /** Looks at the folder every {@code interval} on a thread of its own; a zero interval does not follow it. */
    void start() {
        if (interval.isZero() || interval.isNegative()) {
            LOG.infof("declarations in %s are read at start only (datarun.connectors.watch-interval=0)", dir);
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "datarun-declarations");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::lookSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("following the declarations in %s (every %ss)", dir.toAbsolutePath(), interval.toMillis() / 1000.0);
    }

    /** Reads the refused files again at the next look. */
    void retryRefused() {
        retry = true;
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            // e.g. the folder is gone (an unmounted volume): what runs keeps running, the next look tries again
            if (System.nanoTime() - lastErrorLogged > ERROR_REPEAT.toNanos()) {
                lastErrorLogged = System.nanoTime();
                LOG.errorf("declarations in %s not followed this time, the connectors keep running as they are: %s",
                        dir, e.toString());
            }
        }
    }

    /** One comparison of the folder with what was applied; package-visible so a test can step it. */
    synchronized void look() {
        FolderSnapshot now = FolderSnapshot.scan(dir);
        Set<Path> toRead = new TreeSet<>();
        Set<Path> gone = new TreeSet<>();
        for (Path file : now.differing(applied)) {
            if (!DeclarationReader.isDeclaration(file)) {
                declaringRoute(file).stream().filter(now::contains).forEach(toRead::add);
            } else if (now.contains(file)) {
                toRead.add(file);
            } else {
                gone.add(file);
            }
        }
        if (retry) {
            retry = false;
            refused.keySet().stream().filter(now::contains).forEach(toRead::add);
        }
        if (toRead.isEmpty() && gone.isEmpty()) {
            applied = now;
            return;
        }
        Set<String> removed = new TreeSet<>();
        for (Path file : gone) {
            refused.remove(file);
            ConnectorDeclaration earlier = declared.remove(file);
            if (earlier != null) {
                LOG.infof("declaration %s removed: stopping connector=%s", file.getFileName(), earlier.name());
                removed.add(earlier.name());
            }
        }
        List<ConnectorDeclaration> read = new ArrayList<>();
        for (Path file : toRead) {
            ConnectorDeclaration declaration;
            try {
                declaration = reader.read(file);
            } catch (RuntimeException e) {
                refuse(file, e.getMessage());
                continue;
            }
            Path other = fileDeclaring(declaration.name());
            if (other != null && !other.equals(file)) {
                refuse(file, file + ": name: expected a unique connector name, but '" + declaration.name()
                        + "' is also declared in " + other);
                continue;
            }
            refused.remove(file);
            ConnectorDeclaration earlier = declared.put(file, declaration);
            if (earlier != null && !earlier.name().equals(declaration.name())) {
                removed.add(earlier.name()); // the file now declares a connector of another name
            }
            removed.remove(declaration.name()); // moved from a removed file to this one: replaced, not stopped
            read.add(declaration);
        }
        names = Set.copyOf(declared.values().stream().map(ConnectorDeclaration::name).toList());
        Set<String> notRun = runtime.apply(read, removed);
        read.stream().filter(d -> notRun.contains(d.name()))
                .forEach(d -> refused.put(d.file(), "this runtime cannot run it (see the log line before)"));
        applied = now;
    }

    /** Declaration files refused since their last change, with the reason. */
    Map<Path, String> refused() {
        return Map.copyOf(refused);
    }

    private void refuse(Path file, String message) {
        refused.put(file, message);
        ConnectorDeclaration running = declared.get(file);
        LOG.errorf("declaration %s refused, %s: %s", file.getFileName(),
                running == null ? "no connector started from it" : "connector=" + running.name()
                        + " keeps running its earlier version", message);
    }

    private Path fileDeclaring(String name) {
        return declared.entrySet().stream().filter(e -> e.getValue().name().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** Declaration files of camel connectors whose {@code routeFile} is {@code route}. */
    private Set<Path> declaringRoute(Path route) {
        Set<Path> files = new TreeSet<>();
        declared.forEach((file, declaration) -> {
            if (declaration.source() instanceof CamelSource camel && camel.routeFile().isPresent()
                    && file.toAbsolutePath().getParent().resolve(camel.routeFile().get()).normalize()
                            .equals(route.toAbsolutePath().normalize())) {
                files.add(file);
            }
        });
        return files;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
