package io.datarun.connectors.camel;

import io.datarun.connectors.declaration.CamelSource;
import io.datarun.connectors.queue.QueuePosition;
import io.datarun.connectors.spi.RejectedRow;
import io.datarun.connectors.spi.SourceBatch;
import io.datarun.connectors.spi.SourceConnector;
import io.datarun.connectors.spi.SourceContext;
import io.datarun.connectors.spi.SourceRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.jboss.logging.Logger;

/**
 * A {@code kind: camel} source: the declared Camel YAML DSL route runs in a Camel context of its own
 * (started by {@link #open}, stopped by {@link #close}, so it runs only on the runtime that owns the
 * connector), and every exchange reaching {@code datarun:door} waits there, unanswered, until the
 * batch holding its rows is committed to Kafka.
 *
 * <p>Delivery: the component acknowledges after the commit, and a failed batch leaves its messages
 * unacknowledged, so nothing is lost; a message redelivered after a crash between the commit and the
 * acknowledgement is recognised by its id (the declared header, else the SHA-256 of its body) in the
 * last {@code dedupeWindow} committed ids, acknowledged and not published again: rows seen =
 * accepted + dead-lettered, nothing doubled.
 */
public final class CamelRouteSource implements SourceConnector {
    private static final Logger LOG = Logger.getLogger(CamelRouteSource.class);

    private final CamelSource declaration;
    private final java.nio.file.Path declarationFile;
    private final LinkedBlockingQueue<Message> arrived = new LinkedBlockingQueue<>();
    private final List<Message> handedOut = new ArrayList<>();
    private DefaultCamelContext camel;
    private String connector = "";

    public CamelRouteSource(CamelSource declaration, java.nio.file.Path declarationFile) {
        this.declaration = declaration;
        this.declarationFile = declarationFile;
    }

    @Override
    public void open(SourceContext context) throws Exception {
        connector = context.connector();
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("datarun-" + connector);
        camel.addComponent("datarun", new DoorComponent(this::arrive));
        // paho-mqtt5 with its callback set before it connects: a durable session's queued messages arrive at once
        camel.addComponent(SessionSafeMqtt5Component.SCHEME, new SessionSafeMqtt5Component());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(connector + ".camel.yaml",
                declaration.routeText(declarationFile)));
        if (camel.getRouteDefinitions().size() + camel.getRoutes().size() == 0) {
            throw new IllegalStateException("connector " + connector + ": the declared route did not load");
        }
        camel.start();
        LOG.infof("connector=%s camel route started: %s", connector, declaration);
    }

    /** Called on the component's thread: queue the message; it is finished by the batch that takes it. */
    private void arrive(Exchange exchange, AsyncCallback callback) {
        byte[] body = MessageRows.body(exchange);
        String fileName = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        arrived.add(new Message(MessageRows.id(exchange, declaration.idHeader(), body),
                MessageRows.rows(body, declaration.format(), fileName), exchange, callback));
    }

    @Override
    public synchronized SourceBatch poll(String position, int max) {
        QueuePosition committed = QueuePosition.parse(position);
        Set<String> taken = new HashSet<>();
        List<SourceRow> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        // whole messages only: a message's rows commit together, so its acknowledgement covers all of them
        while (rows.size() < max) {
            Message message = arrived.poll();
            if (message == null) {
                break;
            }
            if (committed.contains(message.id()) || !taken.add(message.id())) {
                LOG.infof("connector=%s position=%s redelivered message acknowledged, not published again", connector,
                        message.id());
                message.done();
                continue;
            }
            handedOut.add(message);
            ids.add(message.id());
            int n = 0;
            for (Map<String, Object> row : message.rows()) {
                rows.add(new SourceRow(message.id() + "#" + (++n), row));
            }
        }
        if (ids.isEmpty()) {
            return SourceBatch.empty(position);
        }
        return new SourceBatch(rows, committed.plus(ids, declaration.dedupeWindow()).toText());
    }

    @Override
    public synchronized void committed(SourceBatch batch, List<RejectedRow> rejected) {
        handedOut.forEach(Message::done);
        handedOut.clear();
    }

    /** Leaves every message not committed unacknowledged (the component redelivers it), then stops the route. */
    @Override
    public synchronized void close() {
        handedOut.forEach(m -> m.fail("not committed to Kafka; left for the component to redeliver"));
        handedOut.clear();
        for (Message m = arrived.poll(); m != null; m = arrived.poll()) {
            m.fail("the connector stopped before publishing it; left for the component to redeliver");
        }
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }
}
