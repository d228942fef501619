package io.datarun.connectors.runtime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * {@code GET /connectors}: this runtime's id and the declared connectors' state, owner runtime,
 * position, counts, rate, remaining rows, ETA and lag. {@code GET /connectors/{name}}: one of them,
 * or 404 as problem+json.
 *
 * <p>Deny by default: a bearer token of the gateway's issuer is required (401 without one). An
 * {@code admin} (the operators) sees every connector; a {@code steward} sees the connectors feeding
 * their own department's datasets, and any other connector is 404 to them, as if undeclared; other
 * roles are 403. Positions name files and keys of the departments' systems, which is why the
 * endpoint is not open like {@code /q/health} and {@code /q/metrics}.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "steward"})
public class ConnectorStatusResource {
    private final ConnectorRuntime runtime;
    private final JsonWebToken caller;

    public ConnectorStatusResource(ConnectorRuntime runtime, JsonWebToken caller) {
        this.runtime = runtime;
        this.caller = caller;
    }

    /** The runtime and its connectors. */
    public record RuntimeStatus(String runtime, List<ConnectorStatus> connectors) {
    }

    @GET
    public RuntimeStatus all() {
        return new RuntimeStatus(runtime.runtimeId(), runtime.status().stream().filter(this::visible).toList());
    }

    @GET
    @Path("/{name}")
    public Response one(@PathParam("name") String name) {
        return runtime.status().stream().filter(s -> s.name().equals(name)).filter(this::visible).findFirst()
                .map(status -> Response.ok(status).build())
                .orElseGet(() -> Problems.response(Problems.body("unknown-connector", "No such connector", 404,
                        "no connector named '" + name + "' is declared on runtime " + runtime.runtimeId()
                                + " for your department")));
    }

    /** An admin sees every connector; a steward those whose dataset their department owns (its id starts with it). */
    private boolean visible(ConnectorStatus status) {
        if (caller.getGroups().contains("admin")) {
            return true;
        }
        return caller.getClaim("dept") instanceof String dept && !dept.isBlank() && status.dataset().startsWith(dept + ".");
    }
}
