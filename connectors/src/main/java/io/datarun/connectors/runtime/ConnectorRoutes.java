package io.datarun.connectors.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;

/**
 * One route per declared connector: a timer tick reads a batch with camel-sql (the query and its
 * bound parameters come from {@link Connector#prepare}) — or, for a connector's first load, a
 * transaction's worth of its streaming pass ({@link FirstLoad}) — publishes it in one Kafka transaction and,
 * while batches come back full, reads the next one at once (backfill runs at full speed) on the same
 * database connection, which is closed when the loop ends. Any
 * failure is handled in {@link Connector#failed}: nothing was committed, the next tick retries.
 * No route starts with the application: {@link ConnectorRuntime} starts those the runtime group
 * assigns to this runtime, and adds and removes the routes of connectors declared or removed while
 * it runs.
 */
@ApplicationScoped
public class ConnectorRoutes extends RouteBuilder {
    private final ConnectorRuntime runtime;

    public ConnectorRoutes(ConnectorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void configure() {
        runtime.all().forEach(connector -> ConnectorRoute.add(this, connector));
    }
}
