package io.datarun.gateway.api;

import io.datarun.gateway.directory.Directory;
import io.datarun.gateway.directory.DirectoryView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The names of the codes the API answers with, so a page shows 民政局 and 东城区, not civil-affairs and 110101. */
@Path("/api/v1/directory")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DirectoryResource {
    private final Directory directory;

    public DirectoryResource(Directory directory) {
        this.directory = directory;
    }

    @GET
    @RolesAllowed({"clerk", "publisher", "steward", "auditor", "admin", "resident"})
    @Operation(summary = "Departments, purposes and administrative divisions with their names in zh-CN and English")
    public DirectoryView get() {
        return directory.view();
    }
}
