package io.datarun.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit extension for suites that run packaged applications as child processes: {@link #start}
 * builds the stack once per test class (registering its {@link #process processes} and other
 * {@link #resource resources}); after the class, every process is asked to stop at once (SIGTERM),
 * then each is waited for, then the resources close, last registered first. When anything fails
 * (start, a test, a before/after method), the tail of each process's log is attached to the failure
 * and printed, so a red build says what the applications saw.
 *
 * <p>Register a subclass with {@code @RegisterExtension static final MyStack STACK = ...}.
 */
public abstract class ProcessStack implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

    /** A child process of the stack, as the extension stops it and shows its log. */
    public interface StackProcess {
        String name();

        Path logFile();

        boolean isAlive();

        /** The last {@code lines} lines of its log. */
        String tail(int lines);

        /** Asks it to stop (SIGTERM) without waiting. */
        void requestStop();

        /** Stops it, killing it after {@code grace}. */
        void stop(Duration grace) throws Exception;
    }

    private final String stackName;
    private final int tailLines;
    private final List<StackProcess> processes = new ArrayList<>();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** @param stackName how a failed tear-down names it; {@code tailLines}: log lines attached per process */
    protected ProcessStack(String stackName, int tailLines) {
        this.stackName = stackName;
        this.tailLines = tailLines;
    }

    /** Builds the stack for the test class {@code testName}; a failure gets the log tails attached. */
    protected abstract void start(String testName) throws Exception;

    /** Registers a process: stopped after the class, its log tail attached to failures. */
    protected final <P extends StackProcess> P process(P process) {
        processes.add(process);
        return process;
    }

    /** Registers something to close after the processes stopped (a broker, a database, a folder). */
    protected final <R extends AutoCloseable> R resource(R resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        try {
            start(context.getRequiredTestClass().getSimpleName());
        } catch (Exception e) {
            throw withLogTails(e);
        } catch (Error e) {
            throw withLogTails(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<Exception> failures = new ArrayList<>();
        processes.forEach(StackProcess::requestStop); // SIGTERM to all at once, then wait for each
        for (StackProcess process : processes) {
            run(failures, () -> process.stop(Duration.ofSeconds(20)));
        }
        while (!resources.isEmpty()) {
            run(failures, resources.pop()::close);
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("tearing the " + stackName + " down failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Exception> failures, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withLogTails(throwable);
    }

    /** Attaches (and prints) the tail of every process's log. */
    protected final <T extends Throwable> T withLogTails(T failure) {
        for (StackProcess process : processes) {
            String tail = "last " + tailLines + " lines of " + process.logFile()
                    + (process.isAlive() ? "" : " (process not running)") + ":" + System.lineSeparator()
                    + process.tail(tailLines);
            System.err.println("----- " + process.name() + ": " + tail);
            failure.addSuppressed(new LogTail(process.name() + " log, " + tail));
        }
        return failure;
    }

    /** The last {@code lines} lines of a child's log, for failure messages; what went wrong when it cannot be read. */
    public static String tail(Path logFile, int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log at " + logFile + ")";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** A TCP port free now, for a child to listen on. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Carries a log tail into the test report; it has no stack trace of its own. */
    static final class LogTail extends RuntimeException {
        LogTail(String message) {
            super(message, null, false, false);
        }
    }
}
