package io.datarun.gateway.catalog;

import io.datarun.gateway.access.AccessPolicy;
import io.datarun.gateway.reports.IntakeLedger;
import io.datarun.gateway.reports.Reconciliation;
import io.datarun.gateway.store.RecordStore;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.FieldDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/** Builds the catalog from the schemas (what exists), the stores (how much, how fresh) and the grants (who reads). */
@ApplicationScoped
public class CatalogService {
    private final SchemaRegistry registry;
    private final RecordStore store;
    private final AccessPolicy policy;
    private final Clock clock;
    private final IntakeLedger ledger;

    public CatalogService(SchemaRegistry registry, RecordStore store, AccessPolicy policy, Clock clock,
            IntakeLedger ledger) {
        this.ledger = ledger;
        this.registry = registry;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    public List<DatasetSummary> list() {
        return registry.latestOfEach().stream().map(d -> summary(d, false)).toList();
    }

    public Optional<DatasetSummary> get(String datasetId) {
        return registry.latest(datasetId).map(d -> summary(d, true));
    }

    private DatasetSummary summary(DatasetDescriptor dataset, boolean withFields) {
        long count = store.count(dataset.id());
        Reconciliation reconciliation = ledger.reconcile(dataset.id());
        return new DatasetSummary(
                dataset.id(),
                dataset.owner(),
                dataset.title(),
                dataset.subjectType().wireName(),
                dataset.version(),
                registry.versions(dataset.id()).stream().map(DatasetDescriptor::version).toList(),
                dataset.cadence().toString(),
                count < 0 ? null : count,
                store.lastUpdate(dataset.id()).orElse(null),
                policy.consumersOf(dataset.id(), LocalDate.now(clock)),
                new DatasetSummary.Intake(reconciliation.rowsSeen(), reconciliation.accepted(),
                        reconciliation.deadLettered(), reconciliation.balanced(), reconciliation.problems()),
                withFields ? dataset.fields().stream().map(CatalogService::field).toList() : null);
    }

    private static DatasetSummary.FieldSummary field(FieldDescriptor field) {
        Schema schema = field.valueSchema();
        LogicalType logical = schema.getLogicalType();
        String type = logical != null ? logical.getName() : schema.getType().getName();
        return new DatasetSummary.FieldSummary(field.name(), type, field.optional(),
                field.classification().wireName(), field.labels(), field.doc());
    }
}
