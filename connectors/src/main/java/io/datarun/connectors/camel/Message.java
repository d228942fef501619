package io.datarun.connectors.camel;

import java.util.List;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * One exchange at the door: its id (for recognising a redelivery), its rows, and how to finish it.
 * {@link #done} acknowledges it to the component; {@link #fail} leaves it unacknowledged, so the
 * component redelivers it (MQTT after a reconnect, SFTP at its next poll).
 */
record Message(String id, List<Map<String, Object>> rows, Exchange exchange, AsyncCallback callback) {

    void done() {
        callback.done(false);
    }

    void fail(String reason) {
        exchange.setException(new IllegalStateException(reason));
        callback.done(false);
    }
}
