package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.reports.UsageReport;
import io.datarun.gateway.reports.UsageReportService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Reports for operators and stewards. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ReportResource {
    private final UsageReportService usage;
    private final CallerResolver callers;

    public ReportResource(UsageReportService usage, CallerResolver callers) {
        this.usage = usage;
        this.callers = callers;
    }

    @GET
    @Path("/usage")
    @RolesAllowed({"admin", "steward"})
    @Operation(summary = "Per dataset: reads, consumers, freshness against cadence, dead-letter rate, "
            + "reconciliation; flags stale and unused feeds and proposes retiring feeds that are both")
    public UsageReport usage() {
        return usage.report(callers.current());
    }
}
