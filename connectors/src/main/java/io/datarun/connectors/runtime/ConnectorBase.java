package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.kafka.Committed;
import io.datarun.connectors.kafka.TransactionalPublisher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * What every connector shares, whatever its source: its state for health and status, its Kafka
 * publisher's life cycle, the progress line and the way a failing poll is reported. The route of a
 * connector runs on one thread; other threads only read the volatile state.
 */
abstract class ConnectorBase implements RunningConnector {
    /** Exchange property: the last batch was full, poll again without waiting. */
    static final String MORE = "datarun.more";
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    static final Duration ERROR_REPEAT_INTERVAL = Duration.ofSeconds(60);

    protected final Logger log = Logger.getLogger(getClass());
    protected final ConnectorDeclaration declaration;
    protected final ConnectorMetrics metrics;
    protected final ProgressMeter meter = new ProgressMeter(PROGRESS_INTERVAL);
    protected final BackfillProgress progress = new BackfillProgress();
    private final Function<ConnectorDeclaration, TransactionalPublisher> publishers;

    protected volatile TransactionalPublisher publisher;
    protected volatile boolean stopping;
    private final AtomicInteger starts = new AtomicInteger();
    private volatile ConnectorState state = ConnectorState.STANDBY;
    private volatile String lastError = "";
    private long lastErrorLogged;

    ConnectorBase(ConnectorDeclaration declaration, Function<ConnectorDeclaration, TransactionalPublisher> publishers,
            ConnectorMetrics metrics) {
        this.declaration = declaration;
        this.publishers = publishers;
        this.metrics = metrics;
    }

    /** What this connector has committed to Kafka (never ahead of it). */
    abstract Committed counts();

    @Override
    public String name() {
        return declaration.name();
    }

    @Override
    public String dataset() {
        return declaration.dataset().id();
    }

    @Override
    public ConnectorDeclaration declaration() {
        return declaration;
    }

    @Override
    public ConnectorState state() {
        return state;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public String positionText() {
        return counts().positionText();
    }

    @Override
    public long rowsSeen() {
        return counts().rowsSeen();
    }

    @Override
    public long accepted() {
        return counts().accepted();
    }

    @Override
    public long deadLettered() {
        return counts().deadLettered();
    }

    @Override
    public BackfillProgress progress() {
        return progress;
    }

    /**
     * Opens the Kafka publisher if there is none (which fences a zombie with the same transactional
     * id); true when it was opened now, so the caller reads the committed position back from it.
     */
    protected boolean openPublisherIfNeeded() {
        if (publisher != null) {
            return false;
        }
        publisher = publishers.apply(declaration);
        return true;
    }

    protected void logResumed() {
        Committed c = counts();
        log.infof("connector=%s dataset=%s position=%s started: resuming after the committed position "
                + "(rowsSeen=%d accepted=%d deadLettered=%d)", name(), dataset(), c.positionText(),
                c.rowsSeen(), c.accepted(), c.deadLettered());
    }

    /** A poll found nothing new: caught up; a backfill whose last batch was exactly full ends its progress here. */
    protected void idle() {
        progress.caughtUp();
        healthy();
        meter.flush(System.nanoTime()).ifPresent(rate -> {
            progress.rate(rate);
            logProgress(counts(), rate, false);
        });
    }

    /** A batch was committed: counts, metrics, and the progress line when one is due. */
    protected void committedBatch(long accepted, long deadLettered, boolean full, long batchStart,
            Runnable measureBacklog) {
        healthy();
        metrics.committed(accepted, deadLettered);
        progress.committed(accepted + deadLettered);
        meter.record((int) (accepted + deadLettered), !full, batchStart, System.nanoTime()).ifPresent(rate -> {
            progress.rate(rate);
            if (full) {
                measureBacklog.run(); // once per progress line, never per batch
            } else {
                progress.caughtUp();
            }
            logProgress(counts(), rate, full);
        });
    }

    private void logProgress(Committed c, double rate, boolean backfilling) {
        log.infof("connector=%s dataset=%s position=%s progress: rows=%d accepted=%d deadLettered=%d rate=%.0f rows/s %s%s",
                name(), dataset(), c.positionText(), c.rowsSeen(), c.accepted(), c.deadLettered(), rate,
                progress.describe(), backfilling ? " (backfilling)" : " (caught up)");
    }

    private void healthy() {
        state = ConnectorState.RUNNING;
        lastError = "";
    }

    /**
     * A poll failed and nothing was committed; the next poll retries from the committed position.
     * The same error is logged again at most every {@link #ERROR_REPEAT_INTERVAL}, not at every poll.
     */
    protected void pollFailed(Exception cause) {
        String message = describe(cause);
        long now = System.nanoTime();
        boolean repeat = state == ConnectorState.FAILING && message.equals(lastError)
                && now - lastErrorLogged < ERROR_REPEAT_INTERVAL.toNanos();
        state = ConnectorState.FAILING;
        lastError = message;
        if (repeat) {
            log.debugf("connector=%s dataset=%s position=%s poll failed again: %s", name(), dataset(), positionText(), message);
            return;
        }
        lastErrorLogged = now;
        log.errorf("connector=%s dataset=%s position=%s poll failed, nothing committed; retrying from the committed "
                + "position every poll (the same error is logged again after %ds): %s", name(), dataset(),
                positionText(), ERROR_REPEAT_INTERVAL.toSeconds(), message);
        log.debug("failure detail", cause);
    }

    /** The exception and its root cause (Spring and HTTP clients wrap the message that says what is wrong). */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? text : text + " <- " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** True while the route should read the next batch at once. */
    public boolean more(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(MORE, Boolean.class)) && !stopping
                && !exchange.getContext().isStopping();
    }

    /** Asks the route to finish its current batch and not start another one at once. */
    @Override
    public void requestStop() {
        stopping = true;
    }

    @Override
    public void starting() {
        stopping = false;
        state = ConnectorState.STARTING;
        starts.incrementAndGet();
    }

    @Override
    public int starts() {
        return starts.get();
    }

    @Override
    public void registerMetrics(Supplier<Boolean> owned) {
        metrics.register(progress, owned);
    }

    @Override
    public void retire() {
        metrics.remove();
    }

    @Override
    public void standby() {
        state = ConnectorState.STANDBY;
    }

    /** Closes the Kafka producer; a later poll opens a new one and re-reads the committed position. */
    @Override
    public void stopped() {
        closeResources();
        state = ConnectorState.STOPPED;
        log.infof("connector=%s dataset=%s position=%s stopped", name(), dataset(), positionText());
    }

    /** Closes what the connector holds open; the base closes the publisher. */
    protected void closeResources() {
        TransactionalPublisher current = publisher;
        publisher = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.debugf(e, "connector=%s closing the producer failed", name());
            }
        }
    }
}
