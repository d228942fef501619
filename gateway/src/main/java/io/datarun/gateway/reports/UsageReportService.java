package io.datarun.gateway.reports;

import io.datarun.gateway.access.Caller;
import io.datarun.gateway.config.GatewayConfig;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.usage.UsageStats;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the usage report: an admin sees every dataset, a steward those of their own department. */
@ApplicationScoped
public class UsageReportService {
    private final SchemaRegistry registry;
    private final RecordStore store;
    private final IntakeLedger ledger;
    private final GatewayConfig config;
    private final Clock clock;

    public UsageReportService(SchemaRegistry registry, RecordStore store, IntakeLedger ledger, GatewayConfig config,
            Clock clock) {
        this.registry = registry;
        this.store = store;
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    public UsageReport report(Caller caller) {
        Instant now = clock.instant();
        List<DatasetUsage> lines = registry.latestOfEach().stream()
                .filter(d -> caller.hasRole("admin") || d.owner().equals(caller.department()))
                .map(d -> line(d, now))
                .toList();
        return new UsageReport(now, config.unusedAfter().toString(), lines);
    }

    private DatasetUsage line(DatasetDescriptor dataset, Instant now) {
        UsageStats usage = store.usage(dataset.id());
        Optional<Instant> lastUpdate = store.lastUpdate(dataset.id());
        List<DatasetUsage.ConsumerReads> consumers = usage.consumers().entrySet().stream()
                .map(e -> new DatasetUsage.ConsumerReads(e.getKey(), e.getValue().reads(), e.getValue().lastRead(),
                        e.getKey().equals(dataset.owner())))
                .toList();
        Optional<Instant> lastConsumerRead = consumers.stream().filter(c -> !c.owner())
                .map(DatasetUsage.ConsumerReads::lastRead).max(Instant::compareTo);
        boolean stale = Freshness.stale(lastUpdate, dataset.cadence(), now);
        boolean unused = Freshness.unused(lastConsumerRead, config.unusedAfter(), now);
        Reconciliation reconciliation = ledger.reconcile(dataset.id());
        return new DatasetUsage(dataset.id(), dataset.owner(), dataset.cadence().toString(), lastUpdate.orElse(null),
                stale, usage.reads(), usage.lastRead(),
                (int) consumers.stream().filter(c -> !c.owner()).count(), consumers, unused, stale && unused,
                reconciliation.rowsSeen(), reconciliation.accepted(), reconciliation.deadLettered(),
                reconciliation.deadLetterRate(), reconciliation.balanced(), reconciliation.problems());
    }
}
