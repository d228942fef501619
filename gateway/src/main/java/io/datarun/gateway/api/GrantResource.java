package io.datarun.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.grants.GrantRequest;
import io.datarun.gateway.grants.GrantService;
import io.datarun.gateway.grants.GrantView;
import io.datarun.gateway.grants.ManagedGrant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Grants: the owner department's stewards (and admins) create, list, change and revoke them. */
@Path("/api/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
@RolesAllowed({"steward", "admin"})
public class GrantResource {
    private final GrantService grants;
    private final CallerResolver callers;

    public GrantResource(GrantService grants, CallerResolver callers) {
        this.grants = grants;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The grants of your department's datasets (every grant for an admin)")
    public List<GrantView> list(@QueryParam("dataset") String dataset, @QueryParam("consumer") String consumer) {
        return grants.list(callers.current(), dataset, consumer).stream().map(GrantView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One grant of your department's datasets")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GrantView.class)))
    public Response get(@PathParam("id") String id) {
        ManagedGrant grant = grants.get(callers.current(), id);
        return Response.ok(GrantView.of(grant)).tag(etag(grant)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant a consumer department named fields of your dataset for named purposes; "
            + "optionally only in given divisions and until a date")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = GrantView.class)))
    public Response create(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = GrantRequest.class)))
            JsonNode body) {
        ManagedGrant created = grants.create(callers.current(), body);
        return Response.created(URI.create("/api/v1/grants/" + created.id())).entity(GrantView.of(created))
                .tag(etag(created)).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a grant (same body as POST); takes effect on every replica. Send the ETag you read "
            + "as If-Match: a grant changed meanwhile answers 412 instead of being overwritten")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = GrantView.class)))
    public Response change(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = GrantRequest.class)))
            JsonNode body) {
        ManagedGrant changed = grants.change(callers.current(), id, body, ifMatch);
        return Response.ok(GrantView.of(changed)).tag(etag(changed)).build();
    }

    /** The grant's version as an entity tag (its quotes are part of {@link ManagedGrant#etag()}). */
    private static EntityTag etag(ManagedGrant grant) {
        String quoted = grant.etag();
        return new EntityTag(quoted.substring(1, quoted.length() - 1));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a grant; reads it allowed are refused from now on")
    public Response revoke(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        grants.revoke(callers.current(), id, ifMatch);
        return Response.noContent().build();
    }
}
