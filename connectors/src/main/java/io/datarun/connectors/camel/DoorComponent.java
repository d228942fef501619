package io.datarun.connectors.camel;

import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;

/**
 * The {@code datarun:door} endpoint a declared route ends at. It hands each exchange over and
 * returns at once without completing it (an asynchronous producer): the exchange completes when the
 * Kafka transaction holding its rows has committed, or fails when the batch could not be published —
 * so the component acknowledges (MQTT manual acks, SFTP moving the file) only after the commit, and
 * its thread is free meanwhile for the next message.
 */
final class DoorComponent extends DefaultComponent {
    private final BiConsumer<Exchange, AsyncCallback> door;

    DoorComponent(BiConsumer<Exchange, AsyncCallback> door) {
        this.door = door;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!"door".equals(remaining)) {
            throw new IllegalArgumentException("unknown endpoint datarun:" + remaining + "; a route ends at datarun:door");
        }
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultAsyncProducer(this) {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        door.accept(exchange, callback);
                        return false; // completed later, by the commit or the failure of its batch
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                throw new UnsupportedOperationException("datarun:door is where a route ends, not where it starts");
            }
        };
    }
}
