package io.datarun.schemas.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Repeats the warnings a process started with (an unauthenticated or unreplicated lab broker allowed
 * by {@value StartupSafety#INSECURE_KAFKA}), so they stay in view in the log instead of scrolling away
 * after the first screen. A daemon thread: it never keeps a process alive.
 */
public final class UnsafeSettingsReminder implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private UnsafeSettingsReminder(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Hands each warning to {@code log} now and then every {@code period}; nothing when there are none. */
    public static UnsafeSettingsReminder start(List<String> warnings, Duration period, Consumer<String> log) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "datarun-unsafe-settings-reminder");
            thread.setDaemon(true);
            return thread;
        });
        if (!warnings.isEmpty()) {
            List<String> lines = List.copyOf(warnings);
            timer.scheduleAtFixedRate(() -> lines.forEach(log), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new UnsafeSettingsReminder(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
