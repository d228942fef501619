package io.datarun.connectors.camel;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jboss.logging.Logger;

/**
 * Camel's {@code paho-mqtt5} component with one repair, registered under the same name in a
 * connector's Camel context. Camel 4.17's consumer connects <em>before</em> it sets its message
 * callback; with {@code cleanStart: false} the broker hands over the messages queued in the session
 * (those published while the connector was stopped) right after the connection is accepted, and
 * Paho drops them for want of a callback. Unacknowledged, they came back only at the next reconnect.
 * Here the consumer sets its callback first, then connects and subscribes, so a queued message is
 * processed at once. Everything else (options, acknowledgement after the exchange, reconnects) is the
 * original component's.
 */
@org.apache.camel.spi.annotations.Component("paho-mqtt5") // the original's option configurers, found by this name
public final class SessionSafeMqtt5Component extends PahoMqtt5Component {
    /** The scheme it replaces. */
    public static final String SCHEME = "paho-mqtt5";
    private static final Logger LOG = Logger.getLogger(SessionSafeMqtt5Component.class);

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoMqtt5Configuration configuration = getConfiguration().copy();
        SessionSafeEndpoint endpoint = new SessionSafeEndpoint(uri, remaining, this, configuration);
        endpoint.setClient(getClient());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    static final class SessionSafeEndpoint extends PahoMqtt5Endpoint {
        SessionSafeEndpoint(String uri, String topic, PahoMqtt5Component component, PahoMqtt5Configuration configuration) {
            super(uri, topic, component, configuration);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            SessionSafeConsumer consumer = new SessionSafeConsumer(this, processor);
            consumer.setClient(getClient());
            configureConsumer(consumer);
            return consumer;
        }

        /** A client as the original consumer would create it (client id, persistence). */
        MqttClient newClient() throws MqttException {
            PahoMqtt5Configuration configuration = getConfiguration();
            String clientId = configuration.getClientId() != null ? configuration.getClientId() : generateClientId();
            return new MqttClient(configuration.getBrokerUrl(), clientId, createMqttClientPersistence(configuration));
        }

        org.eclipse.paho.mqttv5.client.MqttConnectionOptions connectionOptions() {
            return createMqttConnectionOptions();
        }
    }

    static final class SessionSafeConsumer extends PahoMqtt5Consumer {
        private MqttClient own;

        SessionSafeConsumer(Endpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            if (getClient() == null) {
                SessionSafeEndpoint endpoint = (SessionSafeEndpoint) getEndpoint();
                own = endpoint.newClient();
                own.setManualAcks(endpoint.getConfiguration().isManualAcksEnabled());
                own.setCallback(new Callback(own)); // before connecting: the session's queued messages come at once
                own.connect(endpoint.connectionOptions());
                setClient(own);
            }
            super.doStart(); // with a client given it neither creates nor connects one: it sets its callback and subscribes
        }

        @Override
        protected void doStop() throws Exception {
            super.doStop(); // leaves a client it did not create connected
            MqttClient client = own;
            own = null;
            if (client != null) {
                try {
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                } finally {
                    client.close();
                    setClient(null);
                }
            }
        }

        /** What the original's callback does with a message: an exchange, acknowledged when it completes. */
        private final class Callback implements MqttCallback {
            private final MqttClient client;

            Callback(MqttClient client) {
                this.client = client;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Exchange exchange = createExchange(message, topic);
                getAsyncProcessor().process(exchange, defaultConsumerCallback(exchange, true));
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    try {
                        client.subscribe(getEndpoint().getTopic(), getEndpoint().getConfiguration().getQos());
                    } catch (MqttException e) {
                        LOG.errorf("MQTT topic %s: subscribing again after a reconnect to %s failed: %s",
                                getEndpoint().getTopic(), serverUri, e.getMessage());
                    }
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                LOG.debugf("MQTT client disconnected: %s", response.getReasonString());
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                LOG.debugf("MQTT error: %s", exception.getMessage());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // a consumer publishes nothing
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                LOG.debugf("MQTT auth packet: %d", reasonCode);
            }
        }
    }
}
