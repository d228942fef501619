package io.datarun.connectors.runtime;

import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.declaration.FileSource;
import io.datarun.connectors.file.FileDropSource;
import io.datarun.connectors.kafka.Committed;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.SourceProgress;
import io.datarun.connectors.kafka.TextPosition;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.connectors.spi.RejectedRow;
import io.datarun.connectors.spi.RowViolation;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.intake.ValueCoercion;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.ResidentIdNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * A connector whose source implements the SPI ({@code kind: file}, {@code http}, {@code rabbitmq} and
 * {@code java}): each
 * route tick polls the source from the committed position, maps and validates the rows, and
 * publishes records, dead letters and the source's next position in one Kafka transaction; only
 * then does it tell the source ({@link SourceConnector#committed}). Any failure closes the producer
 * and the source; the next tick re-opens both from the position committed in Kafka.
 */
public final class PolledConnector extends ConnectorBase {
    private final Supplier<SourceConnector> sources;
    private final ColumnMapper mapper;
    private final RecordAssembler assembler;

    private volatile SourceConnector source;
    private volatile SourceProgress committed = SourceProgress.NONE;

    PolledConnector(ConnectorDeclaration declaration, Supplier<SourceConnector> sources,
            Function<ConnectorDeclaration, TransactionalPublisher> publishers, ConnectorMetrics metrics) {
        super(declaration, publishers, metrics);
        this.sources = sources;
        this.mapper = new ColumnMapper(declaration.mapping());
        this.assembler = new RecordAssembler(new ValueCoercion(declaration.source().zone()), new RecordValidator());
    }

    public SourceProgress committed() {
        return committed;
    }

    @Override
    Committed counts() {
        return committed;
    }

    /** Route step: poll one batch and publish it; returns whether to poll again at once. */
    public void pollAndPublish(Exchange exchange) throws Exception {
        exchange.setProperty(MORE, false);
        if (openPublisherIfNeeded()) {
            committed = publisher.committedSource();
            logResumed();
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
            idle();
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(batch.rows().size());
        List<RejectedRow> rejected = new ArrayList<>();
        for (SourceRow row : batch.rows()) {
            TextPosition position = new TextPosition(row.position());
            Optional<Outcome> deletion = Deletions.of(declaration, position, row.columns(), mapper.fields(row.columns()),
                    ColumnMapper.text(row.columns()));
            if (deletion.isPresent()) {
                outcomes.add(deletion.get());
                if (deletion.get() instanceof Outcome.Rejected refused) {
                    rejected.add(new RejectedRow(row, refused.violations().stream()
                            .map(v -> new RowViolation(v.field(), v.code(), v.message())).toList()));
                }
                continue;
            }
            RecordAssembler.Assembly assembly = assembler.assemble(declaration.dataset(), mapper.fields(row.columns()));
            if (assembly.isAccepted()) {
                String subject = String.valueOf(assembly.record().get(declaration.dataset().subjectField()));
                outcomes.add(new Outcome.Accepted(position, subject, assembly.record()));
            } else {
                outcomes.add(new Outcome.Rejected(position, mapper.mappedText(row.columns()), assembly.violations()));
                rejected.add(new RejectedRow(row, assembly.violations().stream()
                        .map(v -> new RowViolation(v.field(), v.code(), v.message())).toList()));
            }
        }
        Optional<FileDropSource.FullExport> export = source instanceof FileDropSource files ? files.fullExport()
                : Optional.empty();
        Optional<FullExportDeletions> absent = Optional.empty();
        if (export.isPresent()) {
            absent = Optional.of(fullExportDeletions(export.get(), outcomes));
        }
        long deadLettered = rejected.size();
        long accepted = batch.rows().size() - deadLettered;
        SourceProgress after = committed.plus(next, accepted, deadLettered);
        try {
            publisher.publish(outcomes, after);
        } catch (RuntimeException e) {
            closeResources();
            throw e;
        }
        committed = after; // only now: the position in memory never runs ahead of Kafka
        logRejected(rejected);
        if (absent.isPresent()) {
            reportFullExport(export.get(), absent.get());
        }
        try {
            source.committed(batch, rejected);
        } catch (Exception e) {
            log.errorf("connector=%s dataset=%s position=%s the source failed after the commit: %s", name(), dataset(),
                    committed.positionText(), e.toString());
        }
        boolean full = batch.rows().size() >= max || batch.rows().isEmpty();
        exchange.setProperty(MORE, full && !stopping);
        // a source behind the SPI cannot count what is left while it still gives full batches
        committedBatch(accepted, deadLettered, full, start, progress::backlogUnknown);
    }

    /**
     * A full export's deletions: the subjects this connector published that the export lacks become
     * tombstones in the export's own transaction, unless the guard withholds them.
     */
    private FullExportDeletions fullExportDeletions(FileDropSource.FullExport export, List<Outcome> outcomes) {
        FileSource files = (FileSource) declaration.source();
        FullExportDeletions decision = FullExportDeletions.decide(declaration.dataset(), mapper, export.rows(),
                publisher.publishedKeys(), files.maxDeleteShare());
        if (!decision.withheld()) {
            TextPosition position = new TextPosition(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode().put("file", export.file()).put("sha256", export.sha256())
                    .put("fullExport", "missing").toString());
            decision.missing().forEach(subject -> outcomes.add(new Outcome.Deleted(position, subject)));
        }
        return decision;
    }

    /** One log line per full export, and a line in its report when it deleted or was refused deletions. */
    private void reportFullExport(FileDropSource.FullExport export, FullExportDeletions decision) {
        FileSource files = (FileSource) declaration.source();
        String field = declaration.dataset().subjectField();
        String where = "{\"file\":\"" + export.file() + "\",\"sha256\":\"" + export.sha256() + "\"}";
        try {
            if (decision.withheld()) {
                String message = String.format(java.util.Locale.ROOT, "full export withheld its deletions: %d of the %d "
                        + "subjects this connector published (%.1f%%) are missing, more than maxDeleteShare=%s; the rows "
                        + "were published, nothing was deleted — check the export; the next full export within the share "
                        + "deletes what is still missing", decision.missing().size(), decision.published(),
                        decision.missingPercent(), files.maxDeleteShare());
                log.errorf("connector=%s dataset=%s position=%s rows=%d %s", name(),
                        dataset(), where, decision.exportRows(), message);
                ((FileDropSource) source).report(field, "full-export.deletions-withheld", message);
            } else {
                log.infof("connector=%s dataset=%s position=%s full export: rows=%d "
                        + "publishedBefore=%d deleted=%d (missing from the export; tombstones in its transaction)",
                        name(), dataset(), where, decision.exportRows(), decision.published(),
                        decision.missing().size());
                if (!decision.missing().isEmpty()) {
                    ((FileDropSource) source).report(field, "full-export.deleted", decision.missing().size()
                            + " subjects published before and missing from this full export were deleted");
                }
            }
        } catch (java.io.IOException e) {
            log.errorf("connector=%s dataset=%s file %s: the full export's report line could not be written: %s", name(),
                    dataset(), export.file(), e.toString());
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
            log.warnf("connector=%s dataset=%s position=%s dead-lettered: %s subject=%s", name(), dataset(),
                    row.row().position(), row.violations().stream().map(v -> v.field() + ":" + v.code())
                            .collect(Collectors.joining(",")),
                    ResidentIdNumber.mask(subject == null ? null : subject.toString()));
        }
    }

    /** Route error handler: nothing was committed; the next tick re-opens from the committed position. */
    public void failed(Exchange exchange) {
        pollFailed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        closeResources();
    }

    /** The publisher and the source: a failed or stopped connector re-opens both from the committed position. */
    @Override
    protected void closeResources() {
        super.closeResources();
        SourceConnector currentSource = source;
        source = null;
        if (currentSource != null) {
            try {
                currentSource.close();
            } catch (Exception e) {
                log.debugf(e, "connector=%s closing the source failed", name());
            }
        }
    }
}
