package io.datarun.gateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.failure.BatchTooLarge;
import io.datarun.gateway.failure.BodyRequired;
import io.datarun.gateway.failure.EmptyBatch;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.NotOwner;
import io.datarun.gateway.failure.OutOfReach;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.intake.RecordAssembler;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The push API's door: only the owner department's publishers may push; every item passes the same
 * {@link RecordAssembler} the connectors use; accepted and rejected items are published together.
 */
@ApplicationScoped
public class PushService {
    public static final int MAX_ITEMS = 1000;
    private static final Logger LOG = Logger.getLogger(PushService.class);

    private final Guards guards;
    private final PushPublisher publisher;
    private final RecordAssembler assembler = new RecordAssembler();
    private final AuditedOperation audited;

    private final WriteReach reach;

    public PushService(Guards guards, PushPublisher publisher, AuditedOperation audited, WriteReach reach) {
        this.guards = guards;
        this.publisher = publisher;
        this.audited = audited;
        this.reach = reach;
    }

    public PushResult push(Caller caller, String datasetId, JsonNode body) {
        DatasetDescriptor dataset = guards.dataset(datasetId);
        if (!dataset.owner().equals(caller.department())) {
            throw audited.refuse(caller, AuditAction.PUSH, AuditTarget.dataset(datasetId), new NotOwner("Only publishers of '"
                    + dataset.owner() + "' may push records of " + datasetId + "; your department is '"
                    + caller.department() + "'."));
        }
        List<JsonNode> nodes = items(body);
        List<PushItem> items = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            items.add(assemble(dataset, i, nodes.get(i)));
        }
        requireReach(caller, dataset, items);
        String pushedBy = caller.department() + "/" + caller.userId();
        Map<Integer, String> ids = publisher.publish(datasetId, pushedBy, items);
        items.stream().filter(item -> !item.accepted()).forEach(item -> LOG.warnf(
                "push rejected dataset=%s source=%s item=%d subject=%s violations=%s", datasetId,
                publisher.sourceName(datasetId), item.index(), mask(dataset, item.subjectId()),
                item.violations().stream().map(v -> v.field() + ":" + v.code()).collect(Collectors.joining(","))));
        audited.record(items.stream().map(item -> AuditEntry.of(caller, AuditAction.PUSH, datasetId, item.subjectId(),
                item.raw().keySet(), null, item.accepted() ? AuditOutcome.ACCEPTED : AuditOutcome.REJECTED,
                item.accepted() ? "record=" + ids.get(item.index()) : "dead-lettered")).toList());
        int accepted = (int) items.stream().filter(PushItem::accepted).count();
        LOG.infof("push dataset=%s dept=%s user=%s items=%d accepted=%d deadLettered=%d", datasetId,
                caller.department(), caller.userId(), items.size(), accepted, items.size() - accepted);
        return new PushResult(datasetId, accepted, items.size() - accepted,
                items.stream().map(item -> answer(item, ids.get(item.index()))).toList());
    }

    /**
     * A token limited to divisions writes only records within them, accepted or dead-lettered alike:
     * one item outside refuses the whole batch before anything is published.
     */
    private void requireReach(Caller caller, DatasetDescriptor dataset, List<PushItem> items) {
        if (!caller.divisionLimited()) {
            return;
        }
        String field = dataset.divisionField().orElse(dataset.subjectField());
        List<FieldError> outside = items.stream()
                .filter(item -> !reach.allows(caller, dataset, item.subjectId(), division(dataset, item)))
                .map(item -> new FieldError("[" + item.index() + "]." + field, OutOfReach.CODE,
                        "lies outside the divisions your token names"))
                .toList();
        if (!outside.isEmpty()) {
            throw audited.refuse(caller, AuditAction.PUSH, AuditTarget.dataset(dataset.id()), new OutOfReach(
                    "Your token limits you to divisions " + caller.divisions() + "; " + outside.size()
                            + " item(s) would write a record outside them. Nothing was published.", outside));
        }
    }

    private static Object division(DatasetDescriptor dataset, PushItem item) {
        return dataset.divisionField().map(field -> item.accepted() ? item.record().get(field) : item.raw().get(field))
                .orElse(null);
    }

    private static List<JsonNode> items(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new BodyRequired("Send one record as a JSON object or a batch as a JSON array.");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        if (nodes.isEmpty()) {
            throw new EmptyBatch();
        }
        if (nodes.size() > MAX_ITEMS) {
            throw new BatchTooLarge(MAX_ITEMS);
        }
        return nodes;
    }

    private PushItem assemble(DatasetDescriptor dataset, int index, JsonNode node) {
        if (!node.isObject()) {
            return new PushItem(index, Map.of(), null, null, List.of(Violation.of("$", "type.unsupported")));
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> raw.put(e.getKey(), scalar(e.getValue())));
        RecordAssembler.Assembly assembly = assembler.assemble(dataset, raw);
        Object subject = assembly.isAccepted() ? assembly.record().get(dataset.subjectField()) : raw.get(dataset.subjectField());
        return new PushItem(index, raw, subject == null ? null : subject.toString(), assembly.record(), assembly.violations());
    }

    private static Object scalar(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            // 1e999 parses as an infinite double, which no BigDecimal holds: handed on as text, the
            // coercion names it a type error of its field instead of failing the request
            return value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()) ? value.asText() : value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value; // objects and arrays: the coercion rejects them with the field's type
    }

    private static PushResult.Item answer(PushItem item, String id) {
        if (item.accepted()) {
            return new PushResult.Item(item.index(), "accepted", item.subjectId(), id, List.of());
        }
        return new PushResult.Item(item.index(), "rejected", item.subjectId(), null, item.violations().stream()
                .map(v -> new FieldError(v.field(), v.code(), v.message())).toList());
    }

    private static String mask(DatasetDescriptor dataset, String subject) {
        return SubjectIds.mask(dataset.subjectType(), subject);
    }
}
