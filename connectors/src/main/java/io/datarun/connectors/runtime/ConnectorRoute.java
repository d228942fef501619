package io.datarun.connectors.runtime;

import org.apache.camel.builder.Builder;
import org.apache.camel.builder.RouteBuilder;

/**
 * The Camel route of one connector (see {@link ConnectorRoutes}): built for the connectors read at
 * start, and by {@link ConnectorRuntime} for one declared while the runtime runs.
 */
final class ConnectorRoute {
    private ConnectorRoute() {
    }

    /** Adds the route of one connector to {@code routes}, not started. */
    static void add(RouteBuilder routes, RunningConnector connector) {
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
