package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.disputes.Dispute;
import io.datarun.gateway.disputes.DisputeService;
import io.datarun.gateway.failure.BodyRequired;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Data disputes (数据异议): consumers flag wrong values, owners' stewards resolve them. */
@Path("/api/v1/disputes")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DisputeResource {
    private final DisputeService disputes;
    private final CallerResolver callers;

    public DisputeResource(DisputeService disputes, CallerResolver callers) {
        this.disputes = disputes;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"clerk", "publisher", "steward", "admin"})
    @Operation(summary = "Flag one field of a record as wrong, with a comment and optionally the proposed right value; you must be granted that field for the purpose")
    public Response raise(DisputeService.Request request) {
        if (request == null) {
            throw new BodyRequired("Send {dataset, subjectId, field, comment, purpose, proposedValue}.");
        }
        Dispute dispute = disputes.raise(callers.current(), request);
        return Response.created(URI.create("/api/v1/disputes/" + dispute.id())).entity(dispute).build();
    }

    @GET
    @RolesAllowed({"clerk", "publisher", "steward", "admin"})
    @Operation(summary = "Disputes you may see, newest first: your department's queue (stewards) and, for the purpose "
            + "named (required unless steward or admin), those your department raised on fields a current grant covers")
    public List<Dispute> list(@QueryParam("status") String status, @QueryParam("purpose") String purpose,
            @QueryParam("limit") String limit) {
        return disputes.list(callers.current(), parse(status), purpose,
                QueryLimits.limit(limit, DisputeService.DEFAULT_LIMIT, DisputeService.MAX_LIMIT));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"clerk", "publisher", "steward", "admin"})
    @Operation(summary = "One dispute; the owner's stewards also see the departments that read the disputed value")
    public Dispute get(@PathParam("id") String id, @QueryParam("purpose") String purpose) {
        return disputes.get(callers.current(), id, purpose);
    }

    @POST
    @Path("/{id}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("steward")
    @Operation(summary = "Resolve as the owner's steward: corrected (publishes a new record version) or rejected with a reason")
    public Dispute resolve(@PathParam("id") String id, DisputeService.Resolution resolution) {
        if (resolution == null) {
            throw new BodyRequired("Send {outcome, reason, correctedValue}.");
        }
        return disputes.resolve(callers.current(), id, resolution);
    }

    private static Optional<Dispute.Status> parse(String status) {
        if (status == null || status.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Dispute.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidStatus("status is one of open, corrected, rejected.",
                    new FieldError("status", "unknown", "must be open, corrected or rejected"));
        }
    }
}
