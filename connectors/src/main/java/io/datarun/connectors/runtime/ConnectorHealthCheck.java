package io.datarun.connectors.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: each connector's state, position and counts; DOWN until the runtime has joined its
 * group and started the connectors it was assigned, and while any connector's last poll failed
 * (source or Kafka unreachable), UP again after its next successful poll. A connector another
 * runtime runs ({@code STANDBY}) does not make it DOWN.
 */
@Readiness
@ApplicationScoped
public class ConnectorHealthCheck implements HealthCheck {
    private final ConnectorRuntime runtime;

    public ConnectorHealthCheck(ConnectorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("datarun-connectors").up();
        response.withData("runtime", runtime.runtimeId());
        response.withData("group", runtime.joined() ? "joined" : "joining");
        if (!runtime.joined()) {
            response.down();
        }
        for (RunningConnector connector : runtime.all()) {
            ConnectorState state = connector.state();
            String summary = state + " dataset=" + connector.dataset() + " position=" + connector.positionText()
                    + " rowsSeen=" + connector.rowsSeen()
                    + (state == ConnectorState.FAILING ? " error=" + connector.lastError() : "");
            response.withData(connector.name(), summary);
            if (state == ConnectorState.FAILING) {
                response.down();
            }
        }
        return response.build();
    }
}
