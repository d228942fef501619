package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.intake.DeadLetterLog;
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

/** The rows of a dataset refused at the door, for the owner department's stewards to correct at the source. */
@Path("/api/v1/datasets/{dataset}/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DeadLetterResource {
    private final DeadLetterLog deadLetters;
    private final CallerResolver callers;

    public DeadLetterResource(DeadLetterLog deadLetters, CallerResolver callers) {
        this.deadLetters = deadLetters;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({"steward", "admin"})
    @Operation(summary = "Dead letters of your department's dataset, oldest first: source, source position, each failed "
            + "constraint and (for the owner's stewards) the raw values; resume with 'next'")
    public DeadLetterLog.Page deadLetters(@PathParam("dataset") String dataset,
            @Parameter(description = "The 'next' cursor of the previous page") @QueryParam("after") String after,
            @Parameter(description = "At most this many (default 100, at most 500)") @QueryParam("limit") String limit,
            @Parameter(description = "Only those of this source (a connector name, or push.<dataset>.<replica>)")
            @QueryParam("source") String source) {
        return deadLetters.page(callers.current(), dataset, after, QueryLimits.limit(limit, DeadLetterLog.DEFAULT_LIMIT, DeadLetterLog.MAX_LIMIT), source == null || source.isBlank() ? null : source);
    }
}
