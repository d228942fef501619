package io.datarun.gateway.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the serving stores run: before that, reads would answer 503. */
@Readiness
@ApplicationScoped
public class StreamsHealth implements HealthCheck {
    private final StreamsRuntime runtime;

    public StreamsHealth(StreamsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        String state = runtime.streams() == null ? "NOT_STARTED" : runtime.streams().state().name();
        return HealthCheckResponse.named("serving-stores").status(runtime.isRunning()).withData("state", state).build();
    }
}
