package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.SourceProgress;
import io.datarun.connectors.kafka.TextPosition;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.spi.RejectedRow;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.intake.ValueCoercion;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * A connector whose source implements the SPI ({@code kind: file}, {@code http}, {@code rabbitmq} and
 * {@code java}): each
 * route tick polls the source from the committed position, maps and validates the rows, and
 * publishes records, dead letters and the source's next position in one Kafka transaction; only
 * then does it tell the source ({@link SourceConnector#committed}). Any failure closes the producer
 * and the source; the next tick re-opens both from the position committed in Kafka.
 */
public final class PolledConnector implements RunningConnector {
    private static final Logger LOG = Logger.getLogger(PolledConnector.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private final ConnectorDeclaration declaration;
    private final Supplier<SourceConnector> sources;
    private final Function<ConnectorDeclaration, TransactionalPublisher> publishers;
    private final ConnectorMetrics metrics;
    private final ColumnMapper mapper;
    private final RecordAssembler assembler;
    private final ProgressMeter meter = new ProgressMeter(PROGRESS_INTERVAL);
    private final BackfillProgress progress = new BackfillProgress();

    private volatile TransactionalPublisher publisher;
    private volatile SourceConnector source;
    private volatile SourceProgress committed = SourceProgress.NONE;
    private volatile Connector.State state = Connector.State.STANDBY;
    private volatile String lastError = "";
    private volatile boolean stopping;

    PolledConnector(ConnectorDeclaration declaration, Supplier<SourceConnector> sources,
            Function<ConnectorDeclaration, TransactionalPublisher> publishers, ConnectorMetrics metrics) {
        this.declaration = declaration;
        this.sources = sources;
        this.publishers = publishers;
        this.metrics = metrics;
        this.mapper = new ColumnMapper(declaration.mapping());
        this.assembler = new RecordAssembler(new ValueCoercion(declaration.source().zone()), new RecordValidator());
    }

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
    public Connector.State state() {
        return state;
    }

    @Override
    public String lastError() {
        return lastError;
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

    public SourceProgress committed() {
        return committed;
    }

    /** Route step: poll one batch and publish it; returns whether to poll again at once. */
    public void pollAndPublish(Exchange exchange) throws Exception {
        exchange.setProperty(Connector.MORE, false);
        if (publisher == null) {
            TransactionalPublisher opened = publishers.apply(declaration);
            publisher = opened;
            committed = opened.committedSource();
            LOG.infof("connector=%s dataset=%s position=%s started: resuming after the committed position "
                    + "(rowsSeen=%d accepted=%d deadLettered=%d)", name(), dataset(), committed.positionText(),
                    committed.rowsSeen(), committed.accepted(), committed.deadLettered());
        }
        if (source == null) {
            SourceConnector opened = sources.get();
            try {
                opened.open(new SourceContext(name(), dataset(), options(), declaration.source().zone(), declaration.file()));
            } catch (Exception e) {
                try {
                    opened.close(); // a half-opened source (a broker connection without its consumer) must not leak
                } catch (Exception closeFailed) {
                    e.addSuppressed(closeFailed);
                }
                throw e;
            }
            source = opened;
        }
        long start = System.nanoTime();
        int max = declaration.source().batchSize();
        SourceBatch batch = source.poll(committed.position().orElse(null), max);
        Optional<String> next = Optional.ofNullable(batch.next());
        if (batch.rows().isEmpty() && Objects.equals(next, committed.position())) {
            progress.caughtUp();
            state = Connector.State.RUNNING;
            lastError = "";
            meter.flush(System.nanoTime()).ifPresent(rate -> {
                progress.rate(rate);
                LOG.infof("connector=%s dataset=%s position=%s progress: rows=%d accepted=%d deadLettered=%d rate=%.0f "
                        + "rows/s %s (caught up)", name(), dataset(), committed.positionText(), committed.rowsSeen(),
                        committed.accepted(), committed.deadLettered(), rate, progress.describe());
            });
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(batch.rows().size());
        List<RejectedRow> rejected = new ArrayList<>();
        for (SourceRow row : batch.rows()) {
            TextPosition position = new TextPosition(row.position());
            RecordAssembler.Assembly assembly = assembler.assemble(declaration.dataset(), mapper.fields(row.columns()));
            if (assembly.isAccepted()) {
                String subject = String.valueOf(assembly.record().get(declaration.dataset().subjectField()));
                outcomes.add(new Outcome.Accepted(position, subject, assembly.record()));
            } else {
                outcomes.add(new Outcome.Rejected(position, ColumnMapper.text(row.columns()), assembly.violations()));
                rejected.add(new RejectedRow(row, assembly.violations()));
            }
        }
        long deadLettered = rejected.size();
        long accepted = batch.rows().size() - deadLettered;
        SourceProgress progress = committed.plus(next, accepted, deadLettered);
        try {
            publisher.publish(outcomes, progress);
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
        committed = progress;
        state = Connector.State.RUNNING;
        lastError = "";
        metrics.committed(accepted, deadLettered);
        logRejected(rejected);
        try {
            source.committed(batch, rejected);
        } catch (Exception e) {
            LOG.errorf("connector=%s dataset=%s position=%s the source failed after the commit: %s", name(), dataset(),
                    committed.positionText(), e.toString());
        }
        boolean full = batch.rows().size() >= max || batch.rows().isEmpty();
        exchange.setProperty(Connector.MORE, full && !stopping);
        OptionalDouble rate = meter.record(batch.rows().size(), !full, start, System.nanoTime());
        if (rate.isPresent()) {
            this.progress.rate(rate.getAsDouble());
            if (full) {
                this.progress.backlogUnknown(); // a source behind the SPI cannot count what is left
            } else {
                this.progress.caughtUp(); // but it can say it gave all it had
            }
            LOG.infof("connector=%s dataset=%s position=%s progress: rows=%d accepted=%d deadLettered=%d rate=%.0f rows/s %s%s",
                    name(), dataset(), progress.positionText(), progress.rowsSeen(), progress.accepted(),
                    progress.deadLettered(), rate.getAsDouble(), this.progress.describe(),
                    full ? " (backfilling)" : " (caught up)");
        }
    }

    private java.util.Map<String, String> options() {
        return declaration.source() instanceof io.datarun.connectors.declaration.JavaSource java ? java.options()
                : java.util.Map.of();
    }

    private void logRejected(List<RejectedRow> rejected) {
        String subjectColumn = declaration.subjectColumn();
        for (RejectedRow row : rejected) {
            Object subject = row.row().columns().get(subjectColumn);
            LOG.warnf("connector=%s dataset=%s position=%s dead-lettered: %s subject=%s", name(), dataset(),
                    row.row().position(), row.violations().stream().map(v -> v.field() + ":" + v.code())
                            .collect(Collectors.joining(",")),
                    ResidentIdNumber.mask(subject == null ? null : subject.toString()));
        }
    }

    /** Route error handler: nothing was committed; the next tick re-opens from the committed position. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = cause == null ? "unknown failure" : cause.toString();
        if (!(state == Connector.State.FAILING && message.equals(lastError))) {
            LOG.errorf("connector=%s dataset=%s position=%s poll failed, nothing committed; retrying from the committed "
                    + "position: %s", name(), dataset(), committed.positionText(), message);
        }
        state = Connector.State.FAILING;
        lastError = message;
        closeAll();
    }

    public boolean more(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(Connector.MORE, Boolean.class)) && !stopping
                && !exchange.getContext().isStopping();
    }

    @Override
    public void requestStop() {
        stopping = true;
    }

    @Override
    public void stopped() {
        closeAll();
        state = Connector.State.STOPPED;
        LOG.infof("connector=%s dataset=%s position=%s stopped", name(), dataset(), committed.positionText());
    }

    @Override
    public void starting() {
        stopping = false;
        state = Connector.State.STARTING;
    }

    @Override
    public void standby() {
        state = Connector.State.STANDBY;
    }

    private void closeAll() {
        TransactionalPublisher currentPublisher = publisher;
        publisher = null;
        if (currentPublisher != null) {
            try {
                currentPublisher.close();
            } catch (RuntimeException e) {
                LOG.debugf(e, "connector=%s closing the producer failed", name());
            }
        }
        SourceConnector currentSource = source;
        source = null;
        if (currentSource != null) {
            try {
                currentSource.close();
            } catch (Exception e) {
                LOG.debugf(e, "connector=%s closing the source failed", name());
            }
        }
    }
}
