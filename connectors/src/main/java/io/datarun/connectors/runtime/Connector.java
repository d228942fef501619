package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.jdbc.DataSources;
import io.datarun.connectors.jdbc.IncrementalQuery;
import io.datarun.connectors.jdbc.PollScopedDataSource;
import io.datarun.connectors.jdbc.SourceBacklog;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.jdbc.SourceRows;
import io.datarun.connectors.jdbc.Watermark;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.Progress;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.intake.ValueCoercion;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.SqlConstants;
import org.jboss.logging.Logger;

/**
 * One running connector: the steps its Camel route calls (prepare the query, publish the batch,
 * handle a failure) and its state for health checks. The route runs on one thread per connector;
 * other threads only read the volatile state.
 */
public final class Connector implements RunningConnector {
    /** Exchange property: the last batch was full, poll again without waiting. */
    public static final String MORE = "datarun.more";
    private static final Logger LOG = Logger.getLogger(Connector.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Duration ERROR_REPEAT_INTERVAL = Duration.ofSeconds(60);

    /**
     * What the health check and the status endpoint report. {@code STANDBY}: declared here but run by
     * another runtime of the group (or not assigned yet); {@code STOPPED}: stopped by an operator or at shutdown.
     */
    public enum State { STANDBY, STARTING, RUNNING, FAILING, STOPPED }

    private final ConnectorDeclaration declaration;
    private final IncrementalQuery query;
    private final SourceRows rows;
    private final Watermark watermark;
    private final RecordAssembler assembler;
    private final Function<ConnectorDeclaration, TransactionalPublisher> publishers;
    private final ConnectorMetrics metrics;
    private final PollScopedDataSource dataSource;
    private final ProgressMeter meter = new ProgressMeter(PROGRESS_INTERVAL);
    private final BackfillProgress progress = new BackfillProgress();

    private volatile TransactionalPublisher publisher;
    private volatile Progress committed = Progress.NONE;
    private volatile State state = State.STANDBY;
    private volatile String lastError = "";
    private volatile boolean stopping;
    private long lastErrorLogged;

    Connector(ConnectorDeclaration declaration, Function<ConnectorDeclaration, TransactionalPublisher> publishers,
            ConnectorMetrics metrics) {
        this.declaration = declaration;
        this.query = IncrementalQuery.of(declaration);
        this.rows = SourceRows.of(declaration);
        this.watermark = new Watermark(rows, declaration.source().batchSize());
        this.assembler = new RecordAssembler(new ValueCoercion(declaration.source().zone()), new RecordValidator());
        this.publishers = publishers;
        this.metrics = metrics;
        this.dataSource = DataSources.perPoll(declaration.jdbc());
    }

    public String name() {
        return declaration.name();
    }

    public String dataset() {
        return declaration.dataset().id();
    }

    public ConnectorDeclaration declaration() {
        return declaration;
    }

    public PollScopedDataSource dataSource() {
        return dataSource;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public Progress committed() {
        return committed;
    }

    @Override
    public String positionText() {
        return committed.positionText();
    }

    @Override
    public long rowsSeen() {
        return committed.rowsSeen();
    }

    @Override
    public long accepted() {
        return committed.accepted();
    }

    @Override
    public long deadLettered() {
        return committed.deadLettered();
    }

    @Override
    public BackfillProgress progress() {
        return progress;
    }

    /** Route step: open the publisher if needed (reading the committed position), then set the query. */
    public void prepare(Exchange exchange) {
        if (publisher == null) {
            TransactionalPublisher opened = publishers.apply(declaration);
            publisher = opened;
            committed = opened.committed();
            LOG.infof("connector=%s dataset=%s position=%s started: resuming after the committed position "
                    + "(rowsSeen=%d accepted=%d deadLettered=%d)", name(), dataset(), committed.positionText(),
                    committed.rowsSeen(), committed.accepted(), committed.deadLettered());
        }
        dataSource.hold(); // one connection for every batch of this poll; released when the loop ends
        Optional<SourcePosition> after = committed.position();
        exchange.getIn().setHeader(SqlConstants.SQL_QUERY, query.sql(after));
        exchange.getIn().setBody(query.parameters(after, declaration.source().batchSize()));
        exchange.setProperty(MORE, false);
    }

    /** Route step: map and validate each row, publish the batch in one transaction, then advance. */
    @SuppressWarnings("unchecked")
    public void publish(Exchange exchange) {
        long start = System.nanoTime();
        List<Map<String, Object>> batch = exchange.getIn().getBody(List.class);
        if (batch == null || batch.isEmpty()) {
            dataSource.release();
            progress.caughtUp();
            state = State.RUNNING;
            lastError = "";
            // a backfill whose last batch was exactly full ends here: its last line says so
            meter.flush(System.nanoTime()).ifPresent(rate -> {
                progress.rate(rate);
                LOG.infof("connector=%s dataset=%s position=%s progress: rows=%d accepted=%d deadLettered=%d "
                        + "rate=%.0f rows/s %s (caught up)", name(), dataset(), committed.positionText(),
                        committed.rowsSeen(), committed.accepted(), committed.deadLettered(), rate, progress.describe());
            });
            LOG.debugf("connector=%s dataset=%s position=%s no new rows", name(), dataset(), committed.positionText());
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        long accepted = 0;
        for (Map<String, Object> row : batch) {
            SourcePosition position = rows.position(row);
            RecordAssembler.Assembly assembly = assembler.assemble(declaration.dataset(), rows.fields(row));
            if (assembly.isAccepted()) {
                String subject = String.valueOf(assembly.record().get(declaration.dataset().subjectField()));
                outcomes.add(new Outcome.Accepted(position, subject, assembly.record()));
                accepted++;
            } else {
                outcomes.add(new Outcome.Rejected(position, rows.text(row), assembly.violations()));
            }
        }
        Progress next = committed.plus(watermark.next(committed.position(), batch), accepted, batch.size() - accepted);
        try {
            publisher.publish(outcomes, next);
        } catch (RuntimeException e) {
            closePublisher();
            throw e;
        }
        committed = next; // only now: the position in memory never runs ahead of Kafka
        state = State.RUNNING;
        lastError = "";
        metrics.committed(accepted, batch.size() - accepted);
        progress.committed(batch.size());
        logRejected(outcomes);
        boolean full = watermark.full(batch);
        OptionalDouble rate = meter.record(batch.size(), !full, start, System.nanoTime());
        if (rate.isPresent()) {
            progress.rate(rate.getAsDouble());
            if (full) {
                countBacklog(next); // once per progress line, on the poll's connection, never per batch
            } else {
                progress.caughtUp();
            }
            LOG.infof("connector=%s dataset=%s position=%s progress: rows=%d accepted=%d deadLettered=%d "
                    + "rate=%.0f rows/s %s%s", name(), dataset(), next.positionText(), next.rowsSeen(), next.accepted(),
                    next.deadLettered(), rate.getAsDouble(), progress.describe(), full ? " (backfilling)" : " (caught up)");
        }
        exchange.setProperty(MORE, full && !stopping);
        if (!full || stopping) {
            dataSource.release();
        }
    }

    private void countBacklog(Progress next) {
        try {
            // the held connection of this poll: not closed here, released when the loop ends
            SourceBacklog backlog = SourceBacklog.count(dataSource.getConnection(), query, next.position());
            progress.backlog(backlog.rows(), backlog.lag());
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("connector=%s dataset=%s counting the remaining rows failed: %s", name(), dataset(), e.toString());
        }
    }

    private void logRejected(List<Outcome> outcomes) {
        String subjectColumn = declaration.subjectColumn();
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Rejected rejected) {
                // no personal data in logs: the row key, the codes, and the subject id masked
                LOG.warnf("connector=%s dataset=%s position=%s row key=%s dead-lettered: %s subject=%s", name(), dataset(),
                        rejected.position(), rejected.position().rowKey(),
                        rejected.violations().stream().map(v -> v.field() + ":" + v.code())
                                .collect(Collectors.joining(",")),
                        ResidentIdNumber.mask(rejected.raw().get(subjectColumn)));
            }
        }
    }

    /** Route error handler: the transaction was aborted (or never begun); retry from the committed position. */
    public void failed(Exchange exchange) {
        dataSource.release();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = describe(cause);
        long now = System.nanoTime();
        boolean repeat = state == State.FAILING && message.equals(lastError)
                && now - lastErrorLogged < ERROR_REPEAT_INTERVAL.toNanos();
        state = State.FAILING;
        lastError = message;
        if (repeat) {
            LOG.debugf("connector=%s dataset=%s position=%s poll failed again: %s", name(), dataset(),
                    committed.positionText(), message);
            return;
        }
        lastErrorLogged = now;
        LOG.errorf("connector=%s dataset=%s position=%s poll failed, nothing committed; retrying from the committed "
                + "position every poll (the same error is logged again after %ds): %s", name(), dataset(),
                committed.positionText(), ERROR_REPEAT_INTERVAL.toSeconds(), message);
        LOG.debug("failure detail", cause);
    }

    /** The exception and its root cause (Spring wraps the driver's message, which says what is wrong). */
    private static String describe(Throwable failure) {
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

    /** Closes the Kafka producer; a later poll opens a new one and re-reads the committed position. */
    @Override
    public void stopped() {
        dataSource.release();
        closePublisher();
        state = State.STOPPED;
        LOG.infof("connector=%s dataset=%s position=%s stopped", name(), dataset(), committed.positionText());
    }

    @Override
    public void starting() {
        stopping = false;
        state = State.STARTING;
    }

    @Override
    public void standby() {
        state = State.STANDBY;
    }

    private void closePublisher() {
        TransactionalPublisher current = publisher;
        publisher = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                LOG.debugf(e, "connector=%s closing the producer failed", name());
            }
        }
    }
}
