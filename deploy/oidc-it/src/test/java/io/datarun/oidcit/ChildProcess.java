package io.datarun.oidcit;

import static org.awaitility.Awaitility.await;

import io.datarun.testkit.ProcessStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server run as a child process (Keycloak, the packaged gateway), its standard output and error
 * appended to a log file, ready when a URL answers 200. Stopped with SIGTERM, then SIGKILL.
 */
final class ChildProcess implements ProcessStack.StackProcess {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path logFile;
    private Process process;

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path workDir, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    void start() {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "===== %s: %s%n".formatted(name, String.join(" ", command)),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code url} answers 200; fails at once if the process exits. */
    void awaitReady(String url, Duration timeout) {
        Process running = process;
        await(name + " ready at " + url)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .failFast(name + " exited before it was ready", () -> !running.isAlive())
                .until(() -> answersOk(url));
    }

    static boolean answersOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM without waiting, so several children stop at once; {@link #stop} then waits. */
    @Override
    public void requestStop() {
        if (isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}; the whole process tree. */
    @Override
    public void stop(Duration grace) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!waitForExit(grace)) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(20));
        }
        // kc.sh execs java, but if a wrapper shell is ever left in between, its child must not outlive the test
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    @Override
    public String tail(int lines) {
        return ProcessStack.tail(logFile, lines);
    }

    static int freePort() {
        return ProcessStack.freePort();
    }
}
