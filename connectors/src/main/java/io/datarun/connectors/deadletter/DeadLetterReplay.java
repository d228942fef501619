package io.datarun.connectors.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datarun.connectors.declaration.ColumnMapper;
import io.datarun.connectors.declaration.ConnectorDeclaration;
import io.datarun.connectors.kafka.KafkaSettings;
import io.datarun.connectors.kafka.Messages;
import io.datarun.connectors.kafka.Outcome;
import io.datarun.connectors.kafka.SourceProgress;
import io.datarun.connectors.kafka.TransactionalPublisher;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.intake.ValueCoercion;
import io.datarun.schemas.validation.RecordValidator;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import io.datarun.schemas.wire.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Replays a connector's dead letters through its declaration as it is now — after a steward fixed
 * a mapping or a code table, the rows refused for it can come in without touching the source.
 *
 * <p>Which letters: those of the connector (and of its earlier replays) in the dead-letter topic
 * after the replay position. The replay position is committed to the connector offsets topic under
 * {@code <connector>/dlq-replay}, in the same Kafka transaction as what the replay writes (via
 * {@link TransactionalPublisher}, as a connector commits a batch), so a replay killed midway
 * resumes without doubling anything, and two replays of one connector fence each other.
 *
 * <p>What becomes of each: accepted now → a record in the dataset topic, unless the topic already
 * holds a record of that subject changed at or after this row (the department corrected it at the
 * source; putting the old state back would undo that) → counted as superseded; refused again →
 * a new dead letter with its current violations and {@code replayOf} pointing at the old one, so
 * it is pending for the next replay. The replay source's counts (rows seen = accepted +
 * dead-lettered) reach the gateway's reconciliation like any connector's.
 */
public final class DeadLetterReplay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;

    private final KafkaSettings kafka;
    private final RecordCodec codec;
    private final Clock clock;
    private final Consumer<String> log;

    public DeadLetterReplay(KafkaSettings kafka, RecordCodec codec, Clock clock, Consumer<String> log) {
        this.kafka = kafka;
        this.codec = codec;
        this.clock = clock;
        this.log = log;
    }

    /** What a replay did (or, dry, would do). */
    public record Result(long pending, long accepted, long refusedAgain, long superseded, boolean dryRun) {
    }

    public static String replaySource(String connector) {
        return connector + DeadLetter.REPLAY_SUFFIX;
    }

    public Result replay(ConnectorDeclaration declaration, boolean dryRun) {
        DatasetDescriptor dataset = declaration.dataset();
        String source = replaySource(declaration.name());
        try (TransactionalPublisher publisher = TransactionalPublisher.open(kafka, source, dataset.id(), codec, clock)) {
            SourceProgress committed = publisher.committedSource();
            Map<Integer, Long> from = parsePosition(committed.position());
            List<DeadLetter> pending = new ArrayList<>();
            TopicReadThrough.Span span = new DeadLetterTopic(kafka.client(), kafka.startTimeout())
                    .read(dataset.id(), from, letter -> {
                        if (letter.owningConnector().equals(declaration.name())) {
                            pending.add(letter);
                        }
                    });
            RecordAssembler assembler = new RecordAssembler(new ValueCoercion(declaration.source().zone()), new RecordValidator());
            ColumnMapper mapper = new ColumnMapper(declaration.mapping());
            List<Outcome> outcomes = new ArrayList<>();
            Map<DeadLetter, Outcome.Accepted> accepted = new HashMap<>();
            Map<DeadLetter, List<Violation>> refused = new HashMap<>();
            for (DeadLetter letter : pending) {
                Map<String, Object> columns = new HashMap<>(letter.raw());
                RecordAssembler.Assembly assembly = assembler.assemble(dataset, mapper.fields(columns));
                if (assembly.isAccepted()) {
                    String subject = String.valueOf(assembly.record().get(dataset.subjectField()));
                    Outcome.Accepted outcome = new Outcome.Accepted(new ReplayPosition(letter), subject, assembly.record());
                    accepted.put(letter, outcome);
                    outcomes.add(outcome);
                } else {
                    outcomes.add(new Outcome.Rejected(new ReplayPosition(letter), letter.raw(), assembly.violations()));
                    refused.put(letter, assembly.violations());
                }
            }
            Set<String> subjects = accepted.values().stream().map(Outcome.Accepted::subjectId).collect(Collectors.toSet());
            Map<String, Instant> current = new LatestRecords(kafka.client(), codec, kafka.startTimeout())
                    .changeTimes(dataset, subjects);
            Set<Outcome> superseded = new HashSet<>();
            for (Map.Entry<DeadLetter, Outcome.Accepted> entry : accepted.entrySet()) {
                Outcome.Accepted outcome = entry.getValue();
                Instant now = current.get(outcome.subjectId());
                Instant replayed = changeTime(dataset, outcome.record());
                if (now != null && (now.equals(LatestRecords.UNKNOWN) || replayed == null || !now.isBefore(replayed))) {
                    superseded.add(outcome);
                }
            }
            outcomes.removeAll(superseded);
            for (DeadLetter letter : pending) {
                Outcome.Accepted outcome = accepted.get(letter);
                String what = outcome == null ? "refused again: " + codes(refused.get(letter))
                        : superseded.contains(outcome) ? "superseded: the topic holds a newer record of the subject"
                        : "accepted";
                log.accept("dataset=" + dataset.id() + " connector=" + declaration.name() + " dead letter "
                        + letter.partition() + ":" + letter.offset() + " key=" + letter.key() + " position="
                        + letter.originalPosition() + (outcome == null ? "" : " subject="
                        + SubjectIds.mask(dataset.subjectType(), outcome.subjectId())) + " " + what);
            }
            Result result = new Result(pending.size(), accepted.size() - superseded.size(), refused.size(),
                    superseded.size(), dryRun);
            if (!dryRun && span.size() > 0) {
                publish(publisher, committed, outcomes, span.to());
            }
            return result;
        }
    }

    /**
     * Commits in batches; the position advances only with the last one, so a crash in between
     * re-replays from the old position: the records already committed are then superseded (same
     * change time) and skipped, the refusals are written again — harmless duplicates of a
     * pending letter, never a lost row.
     */
    private void publish(TransactionalPublisher publisher, SourceProgress committed, List<Outcome> outcomes,
            Map<Integer, Long> to) {
        SourceProgress progress = committed;
        Optional<String> position = Optional.of(positionText(to));
        if (outcomes.isEmpty()) {
            publisher.publish(List.of(), progress.plus(position, 0, 0));
            return;
        }
        for (int i = 0; i < outcomes.size(); i += BATCH) {
            List<Outcome> batch = outcomes.subList(i, Math.min(outcomes.size(), i + BATCH));
            long ok = batch.stream().filter(o -> o instanceof Outcome.Accepted).count();
            boolean last = i + BATCH >= outcomes.size();
            progress = progress.plus(last ? position : committed.position(), ok, batch.size() - ok);
            publisher.publish(batch, progress);
        }
    }

    private static String codes(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + ":" + v.code()).collect(Collectors.joining(","));
    }

    private static Instant changeTime(DatasetDescriptor dataset, GenericRecord record) {
        Object value = dataset.updatedAtField().map(record::get).orElse(null);
        return value instanceof Instant instant ? instant : null;
    }

    /** {@code {"0": 17, "1": 4}}: the next dead-letter offset to replay per partition. */
    static Map<Integer, Long> parsePosition(Optional<String> text) {
        Map<Integer, Long> from = new HashMap<>();
        text.ifPresent(t -> {
            JsonNode node = Messages.read(t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            node.fields().forEachRemaining(e -> from.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        });
        return from;
    }

    static String positionText(Map<Integer, Long> next) {
        ObjectNode node = JSON.createObjectNode();
        next.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(String.valueOf(e.getKey()), e.getValue()));
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The dead letters of a dataset, oldest first: of one connector after its replay position
     * (still to be dealt with), or with {@code all} (or no connector) every one the topic keeps.
     * Reading never fences a running replay.
     */
    public List<DeadLetter> list(DatasetDescriptor dataset, String connector, boolean all) {
        Map<Integer, Long> from = new HashMap<>();
        if (connector != null && !all) {
            try (Admin admin = Admin.create(kafka.clientConfig(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "datarun-dead-letters-admin")))) {
                from = parsePosition(Optional.ofNullable(TransactionalPublisher.readCommitted(admin, kafka,
                        replaySource(connector))).map(Messages::parseSourceOffsets).flatMap(SourceProgress::position));
            }
        }
        List<DeadLetter> letters = new ArrayList<>();
        new DeadLetterTopic(kafka.client(), kafka.startTimeout()).read(dataset.id(), from, letter -> {
            if (connector == null || letter.owningConnector().equals(connector)) {
                letters.add(letter);
            }
        });
        return letters;
    }
}
