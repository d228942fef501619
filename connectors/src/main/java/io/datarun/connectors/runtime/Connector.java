package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.jdbc.DataSources;
import io.datarun.connectors.jdbc.IncrementalQuery;
import io.datarun.connectors.jdbc.PollScopedDataSource;
import io.datarun.connectors.jdbc.KeyCheckPosition;
import io.datarun.connectors.jdbc.SnapshotQuery;
import io.datarun.connectors.jdbc.SourceSubjects;
import io.datarun.connectors.jdbc.SubjectSet;
import io.datarun.connectors.jdbc.SourceBacklog;
import io.datarun.connectors.jdbc.SourcePosition;
import io.datarun.connectors.jdbc.SourceRows;
import io.datarun.connectors.jdbc.Watermark;
import io.datarun.connectors.kafka.Committed;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.Progress;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.intake.ValueCoercion;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.SqlConstants;

/**
 * One running connector: the steps its Camel route calls (prepare the query, publish the batch,
 * handle a failure) and its state for health checks. The route runs on one thread per connector;
 * other threads only read the volatile state.
 */
public final class Connector extends ConnectorBase {
    /** Exchange property: this step of the poll is a first-load transaction, not a watermark batch. */
    static final String FIRST_LOAD = "datarun.first-load";

    private final IncrementalQuery query;
    private final SourceRows rows;
    private final Watermark watermark;
    private final RecordAssembler assembler;
    private final PollScopedDataSource dataSource;
    private final FirstLoad firstLoad;

    private volatile Progress committed = Progress.NONE;
    private long nextKeyCheck;

    Connector(ConnectorDeclaration declaration, Function<ConnectorDeclaration, TransactionalPublisher> publishers,
            ConnectorMetrics metrics, ClassLoader drivers) {
        super(declaration, publishers, metrics);
        this.query = IncrementalQuery.of(declaration);
        this.rows = SourceRows.of(declaration);
        this.watermark = new Watermark(rows, declaration.source().batchSize());
        this.assembler = new RecordAssembler(new ValueCoercion(declaration.source().zone()), new RecordValidator());
        this.dataSource = DataSources.perPoll(declaration.jdbc(), drivers);
        this.firstLoad = new FirstLoad(declaration, SnapshotQuery.of(declaration), this::outcome, this::key,
                this::firstLoadBacklog);
    }

    public PollScopedDataSource dataSource() {
        return dataSource;
    }

    public Progress committed() {
        return committed;
    }

    @Override
    Committed counts() {
        return committed;
    }

    /**
     * Route step: open the publisher if needed (reading the committed position), then either decide on
     * a first-load step ({@link #FIRST_LOAD}: a new connector, or one whose first load was under way)
     * or set the watermark query.
     */
    public void prepare(Exchange exchange) throws SQLException {
        if (openPublisherIfNeeded()) {
            committed = publisher.committed();
            logResumed();
            nextKeyCheck = declaration.jdbc().keyCheck().map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        }
        dataSource.hold(); // one connection for every batch of this poll; released when the loop ends
        boolean loading = firstLoad.due(committed, dataSource.getConnection());
        exchange.setProperty(FIRST_LOAD, loading);
        exchange.setProperty(MORE, false);
        if (loading) {
            return;
        }
        Optional<SourcePosition> after = committed.position();
        exchange.getIn().setHeader(SqlConstants.SQL_QUERY, query.sql(after));
        // no position and no first load: the table had no row with a watermark a moment ago. Rows committed
        // since wait for the next poll's first load (LIMIT 0), or this query would read them by watermark,
        // without the first load's pass.
        exchange.getIn().setBody(query.parameters(after, after.isPresent() ? declaration.source().batchSize() : 0));
        exchange.setProperty(MORE, false);
    }

    /** Route step: map and validate each row, publish the batch in one transaction, then advance. */
    @SuppressWarnings("unchecked")
    public void publish(Exchange exchange) {
        long start = System.nanoTime();
        List<Map<String, Object>> batch = exchange.getIn().getBody(List.class);
        if (batch == null || batch.isEmpty()) {
            dataSource.release();
            idle();
            log.debugf("connector=%s dataset=%s position=%s no new rows", name(), dataset(), committed.positionText());
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        long accepted = 0;
        for (Map<String, Object> row : batch) {
            Outcome outcome = outcome(row);
            outcomes.add(outcome);
            accepted += outcome instanceof Outcome.Rejected ? 0 : 1;
        }
        Progress next = committed.plus(watermark.next(committed.position(), batch), accepted, batch.size() - accepted);
        try {
            publisher.publish(outcomes, next);
        } catch (RuntimeException e) {
            closeResources();
            throw e;
        }
        committed = next; // only now: the position in memory never runs ahead of Kafka
        logRejected(outcomes);
        boolean full = watermark.full(batch);
        // the backlog is counted on the poll's held connection, once per progress line
        committedBatch(accepted, batch.size() - accepted, full, start, () -> countBacklog(next));
        exchange.setProperty(MORE, full && !stopping);
        if (!full || stopping) {
            dataSource.release();
        }
    }

    /** What one source row becomes: a record, a tombstone (a row marked deleted) or a dead letter. */
    Outcome outcome(Map<String, Object> sourceRow) {
        Map<String, Object> row = SourceRows.caseInsensitive(sourceRow); // once per row, not per lookup
        SourcePosition position = rows.position(row);
        Map<String, Object> fields = rows.fields(row);
        if (declaration.deletion().isPresent()) {
            Optional<Outcome> deletion = Deletions.of(declaration, position, row, fields, rows.text(row));
            if (deletion.isPresent()) {
                return deletion.get();
            }
        }
        RecordAssembler.Assembly assembly = assembler.assemble(declaration.dataset(), fields);
        if (assembly.isAccepted()) {
            String subject = String.valueOf(assembly.record().get(declaration.dataset().subjectField()));
            return new Outcome.Accepted(position, subject, assembly.record());
        }
        return new Outcome.Rejected(position, rows.text(row), assembly.violations());
    }

    /** The key column's value of a row (where a first load stands after it). */
    Object key(Map<String, Object> row) {
        return rows.key(row);
    }

    /**
     * Route step: one transaction of the first load, then whether to go on at once (always, until the
     * pass is done and the watermark poll after it has found nothing new).
     */
    public void loadFirst(Exchange exchange) throws SQLException {
        long start = System.nanoTime();
        FirstLoad.Step step;
        try {
            step = firstLoad.step(publisher, dataSource.getConnection(), start);
        } catch (SQLException | RuntimeException e) {
            closeResources();
            throw e;
        }
        committed = step.next(); // only now: the position in memory never runs ahead of Kafka
        logRejected(step.rejected());
        long accepted = step.rows() - step.rejected().size();
        committedBatch(accepted, step.rejected().size(), !step.done(), start, () -> { });
        exchange.setProperty(MORE, !stopping); // after the pass, the watermark poll reads what changed meanwhile
    }

    /** Route step after the poll's loop: ends a first load's cursor (if the loop stopped in it) and the connection. */
    public void endPoll(Exchange exchange) {
        firstLoad.close();
        dataSource.release();
    }

    /**
     * Route step after a poll: when the declared {@code keyCheck} interval has passed (and no first load
     * is under way), compare the table's subjects with the ones this connector published and commit a
     * tombstone for each one gone from the table — all in one transaction with the unchanged position,
     * so a crash leaves either all of them or none. Counts stay as they are: no source row was read.
     */
    public void compareKeysIfDue(Exchange exchange) throws SQLException {
        if (publisher == null || stopping || committed.snapshot().isPresent() || System.nanoTime() < nextKeyCheck) {
            return;
        }
        long start = System.nanoTime();
        nextKeyCheck = start + declaration.jdbc().keyCheck().orElseThrow().toNanos(); // a failure retries next interval
        SubjectSet inSource;
        try (Connection connection = dataSource.getConnection()) {
            inSource = SourceSubjects.read(connection, declaration);
        }
        List<String> gone = publisher.publishedSubjectsNotIn(inSource::contains);
        if (!gone.isEmpty()) {
            KeyCheckPosition at = new KeyCheckPosition(java.time.Instant.now());
            List<Outcome> tombstones = gone.stream().<Outcome>map(subject -> new Outcome.Deleted(at, subject)).toList();
            try {
                publisher.publish(tombstones, committed);
            } catch (RuntimeException e) {
                closeResources();
                throw e;
            }
        }
        // one line per comparison: counts only, never the subjects
        log.infof("connector=%s dataset=%s position=%s key comparison: %d subjects in the table, %d published subjects "
                + "gone from it, %d tombstones committed (%d ms)", name(), dataset(), committed.positionText(),
                inSource.size(), gone.size(), gone.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /** For {@link FirstLoad}: the backlog of the pass as counted when it (re)started. */
    void firstLoadBacklog(long rows) {
        progress.backlog(rows, null);
    }

    private void countBacklog(Progress next) {
        try {
            // the held connection of this poll: not closed here, released when the loop ends
            SourceBacklog backlog = SourceBacklog.count(dataSource.getConnection(), query, next.position());
            progress.backlog(backlog.rows(), backlog.lag());
        } catch (SQLException | RuntimeException e) {
            log.debugf("connector=%s dataset=%s counting the remaining rows failed: %s", name(), dataset(), e.toString());
        }
    }

    private void logRejected(List<? extends Outcome> outcomes) {
        String subjectColumn = declaration.subjectColumn();
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Rejected rejected) {
                // no personal data in logs: the row key, the codes, and the subject id masked
                log.warnf("connector=%s dataset=%s position=%s row key=%s dead-lettered: %s subject=%s", name(), dataset(),
                        rejected.position(), rejected.position().rowKey(),
                        rejected.violations().stream().map(v -> v.field() + ":" + v.code())
                                .collect(Collectors.joining(",")),
                        ResidentIdNumber.mask(rejected.raw().get(subjectColumn)));
            }
        }
    }

    /** Route error handler: the transaction was aborted (or never begun); retry from the committed position. */
    public void failed(Exchange exchange) {
        firstLoad.close();
        dataSource.release();
        pollFailed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    @Override
    protected void closeResources() {
        firstLoad.close();
        dataSource.release();
        super.closeResources();
    }
}
