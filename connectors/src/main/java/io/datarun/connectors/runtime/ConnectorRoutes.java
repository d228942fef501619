package io.datarun.connectors.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.Builder;
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
        runtime.all().forEach(connector -> route(this, connector));
    }

    /** The route of one connector, not started (also for a connector declared while the runtime runs). */
    static void route(RouteBuilder routes, RunningConnector connector) {
        if (connector instanceof Connector jdbc) {
            jdbcRoute(routes, jdbc);
        } else {
            polledRoute(routes, (PolledConnector) connector);
        }
    }

    /** The registry name of a JDBC connector's data source, which its route's camel-sql endpoint names. */
    static String dataSourceName(RunningConnector connector) {
        return "datarun-source-" + connector.name();
    }

    private static void jdbcRoute(RouteBuilder routes, Connector connector) {
        String dataSource = dataSourceName(connector);
        routes.getCamelContext().getRegistry().bind(dataSource, connector.dataSource());
        long period = connector.declaration().source().pollInterval().toMillis();
        routes.from("timer:" + connector.routeId() + "?delay=0&period=" + period)
                .routeId(connector.routeId())
                .autoStartup(false) // started when the runtime group assigns the connector to this runtime
                .onException(Exception.class).handled(true).process(connector::failed).end()
                .setProperty(ConnectorBase.MORE, Builder.constant(true))
                .loopDoWhile(connector::more)
                    .process(connector::prepare)
                    .choice()
                        .when(exchange -> Boolean.TRUE.equals(exchange.getProperty(Connector.FIRST_LOAD, Boolean.class)))
                            .process(connector::loadFirst) // one transaction of the streaming pass
                        .otherwise()
                            // the query text is in the CamelSqlQuery header; values are bound from the body map
                            .to("sql:select 1?dataSource=#" + dataSource + "&outputType=SelectList")
                            .process(connector::publish)
                    .end()
                .end()
                .process(connector::endPoll)
                .process(connector::compareKeysIfDue); // tables without a soft-delete column: keyCheck
    }

    private static void polledRoute(RouteBuilder routes, PolledConnector connector) {
        long period = connector.declaration().source().pollInterval().toMillis();
        routes.from("timer:" + connector.routeId() + "?delay=0&period=" + period)
                .routeId(connector.routeId())
                .autoStartup(false) // started when the runtime group assigns the connector to this runtime
                .onException(Exception.class).handled(true).process(connector::failed).end()
                .setProperty(ConnectorBase.MORE, Builder.constant(true))
                .loopDoWhile(connector::more)
                    .process(connector::pollAndPublish)
                .end();
    }
}
