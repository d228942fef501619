package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.changes.ChangeFeed;
import io.datarun.gateway.changes.ChangePage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The change feed: subscribe to a dataset's changes instead of asking its owner to re-report. */
@Path("/api/v1/datasets/{dataset}/changes")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ChangeFeedResource {
    private final ChangeFeed feed;
    private final CallerResolver callers;

    public ChangeFeedResource(ChangeFeed feed, CallerResolver callers) {
        this.feed = feed;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({"clerk", "publisher", "steward", "admin"})
    @Operation(summary = "Changes of the dataset after a cursor, cut down to your grant; resume with 'next'. "
            + "Without 'after' the feed starts at the oldest change Kafka keeps")
    public ChangePage changes(@PathParam("dataset") String dataset,
            @Parameter(description = "The 'next' cursor of the previous page") @QueryParam("after") String after,
            @Parameter(description = "At most this many changes (default 100, at most 500)") @QueryParam("limit") String limit,
            @Parameter(description = "A registered purpose covered by your grant", required = true)
            @QueryParam("purpose") String purpose) {
        return feed.page(callers.current(), dataset, after, QueryLimits.limit(limit, ChangeFeed.DEFAULT_LIMIT, ChangeFeed.MAX_LIMIT), purpose);
    }
}
