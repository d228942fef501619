package io.datarun.e2e;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM,
 * its standard output and error appended to a log file. The same instance can be started again after
 * a stop or a kill; it keeps its HTTP port.
 */
final class PackagedApp implements ProcessStack.StackProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path logFile;
    private final int port;
    private Process process;
    private int starts;

    PackagedApp(String name, Path jar, Map<String, String> systemProperties, Path workDir, Path logFile) {
        this(name, jar, systemProperties, Map.of(), workDir, logFile);
    }

    /**
     * @param environment variables added to the child's environment; unlike system properties they are
     *                    not written to the log, so secrets (Kafka credentials) go here
     */
    PackagedApp(String name, Path jar, Map<String, String> systemProperties, Map<String, String> environment,
            Path workDir, Path logFile) {
        requireJar(jar);
        this.name = name;
        this.jar = jar;
        this.systemProperties = Map.copyOf(systemProperties);
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.logFile = logFile;
        this.port = freePort();
    }

    /** Fails with what to do when the application has not been packaged. */
    static void requireJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package (or verify) from the root first");
        }
    }

    @Override
    public String name() {
        return name;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    /** Starts the JVM; it is ready when {@link #awaitReady} returns. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // "{port}" in a value stands for this application's own HTTP port (e.g. an advertised address)
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value.replace("{port}", String.valueOf(port))));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "%n===== start %d of %s: %s%n".formatted(++starts, name, String.join(" ", command)),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exits. */
    void awaitReady(Duration timeout) {
        Process running = process;
        await(name + " ready at " + url() + "/q/health/ready")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .failFast(name + " exited before it was ready", () -> !running.isAlive())
                .until(this::isReady);
    }

    boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL on Linux: no shutdown hook runs, an open Kafka transaction stays open. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitForExit(process, Duration.ofSeconds(30));
    }

    /** Asks the process to stop (SIGTERM), then kills it if it has not stopped within {@code grace}. */
    @Override
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(process, grace)) {
            process.destroyForcibly();
            waitForExit(process, Duration.ofSeconds(30));
        }
    }

    /** Waits up to {@code timeout} for the process to end by itself; its exit code, or empty if it still runs. */
    synchronized java.util.OptionalInt awaitExit(Duration timeout) {
        if (process == null || !waitForExit(process, timeout)) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(process.exitValue());
    }

    /** Sends SIGTERM without waiting, so several apps can stop at once; {@link #stop} then waits. */
    @Override
    public synchronized void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    @Override
    public String tail(int lines) {
        return ProcessStack.tail(logFile, lines);
    }

    private static boolean waitForExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static int freePort() {
        return ProcessStack.freePort();
    }
}
