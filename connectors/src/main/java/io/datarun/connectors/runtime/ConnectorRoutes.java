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
 * assigns to this runtime.
 */
@ApplicationScoped
public class ConnectorRoutes extends RouteBuilder {
    private final ConnectorRuntime runtime;

    public ConnectorRoutes(ConnectorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void configure() {
        for (Connector connector : runtime.connectors()) {
            String dataSource = "datarun-source-" + connector.name();
            getCamelContext().getRegistry().bind(dataSource, connector.dataSource());
            long period = connector.declaration().source().pollInterval().toMillis();
            from("timer:" + connector.routeId() + "?delay=0&period=" + period)
                    .routeId(connector.routeId())
                    .autoStartup(false) // started when the runtime group assigns the connector to this runtime
                    .onException(Exception.class).handled(true).process(connector::failed).end()
                    .setProperty(ConnectorBase.MORE, constant(true))
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
        for (PolledConnector connector : runtime.polled()) {
            long period = connector.declaration().source().pollInterval().toMillis();
            from("timer:" + connector.routeId() + "?delay=0&period=" + period)
                    .routeId(connector.routeId())
                    .autoStartup(false) // started when the runtime group assigns the connector to this runtime
                    .onException(Exception.class).handled(true).process(connector::failed).end()
                    .setProperty(ConnectorBase.MORE, constant(true))
                    .loopDoWhile(connector::more)
                        .process(connector::pollAndPublish)
                    .end();
        }
    }
}
