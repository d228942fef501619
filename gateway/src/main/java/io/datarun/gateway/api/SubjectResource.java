package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.reads.SubjectReadService;
import io.datarun.gateway.reads.SubjectView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A subject across all granted datasets. */
@Path("/api/v1/subjects")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class SubjectResource {
    private final SubjectReadService subjects;
    private final CallerResolver callers;

    public SubjectResource(SubjectReadService subjects, CallerResolver callers) {
        this.subjects = subjects;
        this.callers = callers;
    }

    @GET
    @Path("/{subjectId}")
    @RolesAllowed({"clerk", "publisher", "steward", "admin"})
    @Operation(summary = "The subject across every dataset your department is granted for the purpose "
            + "(optionally only the comma-separated datasets), each cut to its granted fields")
    public SubjectView read(@PathParam("subjectId") String subjectId, @QueryParam("purpose") String purpose,
            @QueryParam("datasets") String datasets) {
        Set<String> only = new LinkedHashSet<>();
        if (datasets != null && !datasets.isBlank()) {
            Arrays.stream(datasets.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(only::add);
        }
        return subjects.read(callers.current(), subjectId, purpose, only);
    }
}
