package io.datarun.gateway.catalog;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.access.Guards;
import io.datarun.gateway.audit.AuditAction;
import io.datarun.gateway.audit.AuditEntry;
import io.datarun.gateway.audit.AuditOutcome;
import io.datarun.gateway.audit.AuditTarget;
import io.datarun.gateway.audit.AuditedOperation;
import io.datarun.gateway.failure.DatasetExists;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidSchema;
import io.datarun.gateway.failure.SchemaIncompatible;
import io.datarun.gateway.failure.Unavailable;
import io.datarun.gateway.failure.VersionClash;
import io.datarun.schemas.catalog.CompatibilityGate;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.wire.SchemaLog;
import io.datarun.schemas.wire.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.jboss.logging.Logger;

/**
 * Registers datasets and schema versions at runtime, for the owner department's stewards. A
 * registration is one record in the schemas topic; it is answered once this replica has applied the
 * topic up to it, so the answer tells the outcome in the log's order (the first schema of a version
 * wins everywhere) and the dataset is served here from that moment. Every attempt is audited.
 */
@ApplicationScoped
public class DatasetRegistration {
    /** Dataset ids become topic names and store names: lower-case words, owner first. */
    static final Pattern DATASET_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}\\.[a-z0-9][a-z0-9-]{0,99}$");
    private static final Logger LOG = Logger.getLogger(DatasetRegistration.class);

    private final SchemaRegistry registry;
    private final Guards guards;
    private final SchemaPublisher publisher;
    private final CatalogService catalog;
    private final AuditedOperation audited;

    public DatasetRegistration(SchemaRegistry registry, Guards guards, SchemaPublisher publisher, CatalogService catalog,
            AuditedOperation audited) {
        this.registry = registry;
        this.guards = guards;
        this.publisher = publisher;
        this.catalog = catalog;
        this.audited = audited;
    }

    /** A new dataset: version 1 of a schema whose owner is the caller's department. */
    public DatasetSummary register(Caller caller, String body) {
        return audited.run(caller, AuditAction.DATASET_REGISTER, AuditTarget.dataset(null),
                () -> registerChecked(caller, body),
                summary -> AuditEntry.of(caller, AuditAction.DATASET_REGISTER, summary.id(), null, List.of(), null,
                        AuditOutcome.OK, "version=" + summary.schemaVersion()));
    }

    /** A new version of a dataset; its compatibility with every earlier version is checked first. */
    public DatasetSummary addVersion(Caller caller, String datasetId, String body) {
        return audited.run(caller, AuditAction.SCHEMA_VERSION, AuditTarget.dataset(datasetId),
                () -> addVersionChecked(caller, datasetId, body),
                summary -> AuditEntry.of(caller, AuditAction.SCHEMA_VERSION, datasetId, null, List.of(), null,
                        AuditOutcome.OK, "version=" + summary.schemaVersion()));
    }

    private DatasetSummary registerChecked(Caller caller, String body) {
        DatasetDescriptor dataset = describe(parse(body));
        Guards.requireOwnerSteward(caller, dataset.owner(), "may register datasets of " + dataset.owner());
        if (!DATASET_ID.matcher(dataset.id()).matches()) {
            throw new InvalidSchema("The dataset id becomes a topic name: '<owner>.<name>' in lower-case letters, digits "
                    + "and '-'.", List.of(new FieldError("datarun.dataset", "schema.dataset-id", dataset.id())));
        }
        if (registry.contains(dataset.id())) {
            throw new DatasetExists(dataset.id());
        }
        if (dataset.version() != 1) {
            throw new VersionClash("A new dataset starts at \"datarun.version\": 1, not " + dataset.version() + ".");
        }
        return publish(caller, dataset);
    }

    private DatasetSummary addVersionChecked(Caller caller, String datasetId, String body) {
        DatasetDescriptor current = guards.dataset(datasetId);
        Guards.requireOwnerSteward(caller, current.owner(), "may add versions of " + datasetId);
        Schema candidate = parse(body);
        // compatibility first: what breaks readers is the answer a steward needs before any detail
        int version = current.version() + 1;
        List<String> findings = CompatibilityGate.checkNewVersion(datasetId, version, candidate, registry.versions(datasetId));
        if (!findings.isEmpty()) {
            throw new SchemaIncompatible("The new version would break readers or writers of earlier versions; nothing "
                    + "was registered.", findings.stream().map(f -> new FieldError("schema", "schema.incompatible", f)).toList());
        }
        DatasetDescriptor dataset = describe(candidate);
        if (!dataset.id().equals(datasetId)) {
            throw new InvalidSchema("The schema declares another dataset.", List.of(new FieldError("datarun.dataset",
                    "schema.dataset-mismatch", "expected '" + datasetId + "', found '" + dataset.id() + "'")));
        }
        if (!dataset.owner().equals(current.owner()) || dataset.subjectType() != current.subjectType()
                || !dataset.subjectField().equals(current.subjectField())) {
            throw new InvalidSchema("A new version keeps the owner, the subject type and the subject field.",
                    List.of(new FieldError("datarun.owner", "schema.identity-changed", "owner " + current.owner()
                            + ", subject " + current.subjectType().wireName() + " in '" + current.subjectField() + "'")));
        }
        if (dataset.version() != version) {
            throw new VersionClash("The next version of " + datasetId + " is " + version + "; the schema says "
                    + dataset.version() + ".");
        }
        return publish(caller, dataset);
    }

    private DatasetSummary publish(Caller caller, DatasetDescriptor dataset) {
        long offset = publisher.publish(SchemaLog.key(dataset), SchemaLog.value(dataset));
        DatasetDescriptor applied = registry.versions(dataset.id()).stream()
                .filter(d -> d.version() == dataset.version()).findFirst().orElse(null);
        if (applied == null) {
            throw new Unavailable(Unavailable.Part.KAFKA); // the log did not come back within the answer time
        }
        if (!Objects.equals(applied.schema().toString(), dataset.schema().toString())) {
            throw new VersionClash("Another schema took version " + dataset.version() + " of " + dataset.id()
                    + " first; read it in the catalog and send the next version.");
        }
        LOG.infof("schema registered dataset=%s version=%d dept=%s user=%s topic=%s offset=%d", dataset.id(),
                dataset.version(), caller.department(), caller.userId(), Topics.SCHEMAS, offset);
        return catalog.get(dataset.id()).orElseThrow();
    }

    private static Schema parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidSchema("Send the Avro schema (JSON) with its datarun.* properties.",
                    List.of(new FieldError("$", "schema.missing", "empty body")));
        }
        try {
            Schema schema = new Schema.Parser().parse(body);
            if (schema.getType() != Schema.Type.RECORD) {
                throw new InvalidSchema("A dataset schema is an Avro record.",
                        List.of(new FieldError("type", "schema.not-a-record", "found " + schema.getType())));
            }
            return schema;
        } catch (InvalidSchema e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidSchema("The body is not an Avro schema.", List.of(new FieldError("$", "schema.parse",
                    String.valueOf(e.getMessage()))));
        }
    }

    private static DatasetDescriptor describe(Schema schema) {
        try {
            return DatasetDescriptor.of(schema, "the schema");
        } catch (RuntimeException e) {
            throw new InvalidSchema("The schema's datarun.* properties are incomplete or wrong.",
                    List.of(new FieldError("datarun", "schema.property", String.valueOf(e.getMessage()))));
        }
    }
}
