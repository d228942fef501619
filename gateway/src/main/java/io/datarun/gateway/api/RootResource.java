package io.datarun.gateway.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A person who opens the gateway's address finds the sign-in page, not a 404. */
@Path("/")
public class RootResource {

    @GET
    @PermitAll
    @Operation(hidden = true)
    public Response root() {
        return Response.seeOther(URI.create("/ui/")).build();
    }
}
