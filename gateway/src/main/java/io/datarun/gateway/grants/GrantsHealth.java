package io.datarun.gateway.grants;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the grants reader runs and keeps up: a balancer takes a replica with stale grants out. */
@Readiness
@ApplicationScoped
public class GrantsHealth implements HealthCheck {
    private final GrantLog log;

    public GrantsHealth(GrantLog log) {
        this.log = log;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("grants").status(log.current()).withData("ignoredRecords", log.refusedRecords())
                .build();
    }
}
