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

    /** A page of dead letters and the cursor to pass as {@code after} for the next. */
    public record Page(String dataset, List<Entry> deadLetters, String next) {
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
        Page page = audited.run(caller, AuditAction.DEAD_LETTERS, AuditTarget.dataset(datasetId),
                () -> read(caller, datasetId, after, limit, source),
                done -> AuditEntry.of(caller, AuditAction.DEAD_LETTERS, datasetId, null, List.of(), null, AuditOutcome.OK,
                        "returned=" + done.deadLetters().size() + (source == null ? "" : " source=" + source)
                                + " next=" + done.next()));
        LOG.infof("dead letters dataset=%s dept=%s user=%s returned=%d", datasetId, caller.department(), caller.userId(),
                page.deadLetters().size());
        return page;
    }

    private Page read(Caller caller, String datasetId, String after, int limit, String source) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        Guards.requireOwnerStewardOrAdmin(caller, dataset, "reads its dead letters");
        boolean ownerSteward = Guards.isOwnerSteward(caller, dataset.owner());
        TopicPager.Page<Entry> page = pager.page(Topics.deadLetters(datasetId), after, limit,
                record -> entry(record, ownerSteward).filter(e -> source == null || source.equals(e.source())));
        return new Page(datasetId, page.items(), page.next());
    }

    private static Optional<Entry> entry(ConsumerRecord<String, byte[]> record, boolean withRaw) {
        if (record.value() == null) {
            return Optional.empty();
        }
        DeadLetter letter;
        try {
            letter = IntakeCodec.decodeDeadLetter(record.value());
        } catch (RuntimeException e) {
            LOG.warnf("dead letter unreadable topic=%s partition=%d offset=%d: skipped", record.topic(), record.partition(),
                    record.offset());
            return Optional.empty();
        }
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
        return Optional.of(new Entry(record.partition(), record.offset(), record.key(), letter.connector(),
                letter.sourcePosition(), violations, letter.rejectedAt() == null ? null : letter.rejectedAt().toString(),
                withRaw ? letter.raw() : null));
    }

    @PreDestroy
    void close() {
        pager.close();
    }
}
