package io.datarun.gateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.changes.TopicPager;
import io.datarun.gateway.config.KafkaClients;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.validation.Violation;
import io.datarun.schemas.wire.DeadLetter;
import io.datarun.schemas.wire.IntakeCodec;
import io.datarun.schemas.wire.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * A dataset's dead letters for the stewards of its owner department: every row refused at the door
 * (by a connector or the push API) with where it came from and each failed constraint, so they can
 * correct it at the source. The source's raw values are the owner's own data and are shown to its
 * stewards only; an admin sees the rest. Every page served is an audit event.
 */
@ApplicationScoped
public class DeadLetterLog {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    private static final Logger LOG = Logger.getLogger(DeadLetterLog.class);

    /** One dead letter as a steward sees it; {@code raw} is null for a caller who may not see source values. */
    public record Entry(int partition, long offset, String key, String source, JsonNode sourcePosition,
            List<Map<String, Object>> violations, String rejectedAt, Map<String, String> raw) {
    }

    /**
     * A page of dead letters and the cursor to pass as {@code after} for the next; {@code subjects}
     * (for the audit trail only, never answered) maps {@code partition@offset} to the row's subject.
     */
    public record Page(String dataset, List<Entry> deadLetters, String next,
            @com.fasterxml.jackson.annotation.JsonIgnore Map<String, String> subjects) {
    }

    private final Guards guards;
    private final AuditedOperation audited;
    private final TopicPager pager;

    public DeadLetterLog(Guards guards, AuditedOperation audited, KafkaClients kafka) {
        this.guards = guards;
        this.audited = audited;
        this.pager = new TopicPager(kafka, "datarun-gateway-dead-letters", MAX_LIMIT);
    }

    public Page page(Caller caller, String datasetId, String after, int limit, String source) {
        Page page = audited.runMany(caller, AuditAction.DEAD_LETTERS, AuditTarget.dataset(datasetId),
                () -> read(caller, datasetId, after, limit, source),
                done -> auditEntries(caller, datasetId, source, done));
        LOG.infof("dead letters dataset=%s dept=%s user=%s returned=%d", datasetId, caller.department(), caller.userId(),
                page.deadLetters().size());
        return page;
    }

    /**
     * The page as audit events: one for the page, and one per dead letter naming its subject (as the
     * source sent it), so a resident's trail shows a steward looking at its refused rows.
     */
    private static List<AuditEntry> auditEntries(Caller caller, String datasetId, String source, Page done) {
        List<AuditEntry> entries = new ArrayList<>();
        entries.add(AuditEntry.of(caller, AuditAction.DEAD_LETTERS, datasetId, null, List.of(), null, AuditOutcome.OK,
                "returned=" + done.deadLetters().size() + (source == null ? "" : " source=" + source) + " next=" + done.next()));
        done.subjects().forEach((letter, subject) -> entries.add(AuditEntry.of(caller, AuditAction.DEAD_LETTERS, datasetId,
                subject, List.of(), null, AuditOutcome.OK, "dead-letter=" + letter)));
        return entries;
    }

    private Page read(Caller caller, String datasetId, String after, int limit, String source) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        Guards.requireOwnerStewardOrAdmin(caller, dataset, "reads its dead letters");
        boolean ownerSteward = Guards.isOwnerSteward(caller, dataset.owner());
        Map<String, String> subjects = new LinkedHashMap<>();
        TopicPager.Page<Entry> page = pager.page(Topics.deadLetters(datasetId), after, limit,
                record -> decode(record).flatMap(letter -> {
                    // a token limited to divisions sees only rows whose division lies within them
                    if (!caller.reaches(dataset.divisionField().map(field -> letter.raw().get(field)))) {
                        return Optional.empty();
                    }
                    Entry entry = entry(record, letter, ownerSteward);
                    if (source != null && !source.equals(entry.source())) {
                        return Optional.empty();
                    }
                    Optional.ofNullable(letter.raw().get(dataset.subjectField()))
                            .ifPresent(subject -> subjects.put(entry.partition() + "@" + entry.offset(), subject));
                    return Optional.of(entry);
                }));
        // only the subjects of the rows answered go to the audit trail
        Map<String, String> answered = new LinkedHashMap<>();
        page.items().forEach(e -> Optional.ofNullable(subjects.get(e.partition() + "@" + e.offset()))
                .ifPresent(subject -> answered.put(e.partition() + "@" + e.offset(), subject)));
        return new Page(datasetId, page.items(), page.next(), answered);
    }

    private static Optional<DeadLetter> decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(IntakeCodec.decodeDeadLetter(record.value()));
        } catch (RuntimeException e) {
            LOG.warnf("dead letter unreadable topic=%s partition=%d offset=%d: skipped", record.topic(), record.partition(),
                    record.offset());
            return Optional.empty();
        }
    }

    private static Entry entry(ConsumerRecord<String, byte[]> record, DeadLetter letter, boolean withRaw) {
        List<Map<String, Object>> violations = new ArrayList<>();
        for (Violation v : letter.violations()) {
            Map<String, Object> violation = new LinkedHashMap<>();
            violation.put("field", v.field());
            violation.put("code", v.code());
            violation.put("message", v.message());
            // the rule's own wording in both languages, for the steward's screen
            violation.put("label", Map.of("zh-CN", Violation.message(v.code(), Locale.SIMPLIFIED_CHINESE),
                    "en", Violation.message(v.code(), Locale.ENGLISH)));
            violations.add(violation);
        }
        return new Entry(record.partition(), record.offset(), record.key(), letter.connector(),
                letter.sourcePosition(), violations, letter.rejectedAt() == null ? null : letter.rejectedAt().toString(),
                withRaw ? letter.raw() : null);
    }

    @PreDestroy
    void close() {
        pager.close();
    }
}
