package io.datarun.connectors.runtime;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /connectors}: this runtime's id and every declared connector's state, owner runtime,
 * position, counts, rate, remaining rows, ETA and lag. {@code GET /connectors/{name}}: one of them,
 * or 404 as problem+json. Read-only and unauthenticated like {@code /q/health}: it sits on the
 * runtime's operations port and holds no personal data.
 */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorStatusResource {
    static final String PROBLEM_JSON = "application/problem+json";
    private final ConnectorRuntime runtime;

    public ConnectorStatusResource(ConnectorRuntime runtime) {
        this.runtime = runtime;
    }

    /** The runtime and its connectors. */
    public record RuntimeStatus(String runtime, List<ConnectorStatus> connectors) {
    }

    @GET
    public RuntimeStatus all() {
        return new RuntimeStatus(runtime.runtimeId(), runtime.status());
    }

    @GET
    @Path("/{name}")
    public Response one(@PathParam("name") String name) {
        return runtime.status().stream().filter(s -> s.name().equals(name)).findFirst()
                .map(status -> Response.ok(status).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(PROBLEM_JSON)
                        .entity(Map.of("type", "https://datarun.io/problems/unknown-connector",
                                "title", "No such connector", "status", 404,
                                "detail", "no connector named '" + name + "' is declared on runtime " + runtime.runtimeId(),
                                "code", "unknown-connector"))
                        .build());
    }
}
