package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.trail.AccessTrail;
import io.datarun.gateway.trail.AccessTrailService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The signed-in resident's own data: whose it is comes from the token's {@code residentId} claim,
 * never from the request, so a resident cannot ask for anybody else's.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class MeResource {
    private static final int DEFAULT_LIMIT = 200;
    private static final int MAX_LIMIT = 1000;

    private final AccessTrailService trail;
    private final CallerResolver callers;

    public MeResource(AccessTrailService trail, CallerResolver callers) {
        this.trail = trail;
        this.callers = callers;
    }

    @GET
    @Path("/access-trail")
    @RolesAllowed("resident")
    @Operation(summary = "Every read of the caller's own data, newest first: department (code and name), purpose, "
            + "dataset, fields, time; the reading clerk is not named. Each view is audited")
    public AccessTrail accessTrail(@QueryParam("limit") String limit) {
        return trail.trailOf(callers.resident(), QueryLimits.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }
}
