package io.datarun.gateway.reports;

import java.time.Instant;
import java.util.List;

/** The usage and zombie report: per dataset, use, freshness and intake quality. */
public record UsageReport(Instant generatedAt, String unusedAfter, List<DatasetUsage> datasets) {
}
