package io.datarun.gateway.api;

import io.datarun.testkit.BrokerResource;
import io.datarun.testkit.TestBroker;
import java.util.Map;

/** The test kit's broker for a test run, on free ports, in a fresh folder that also holds the stores. */
public class KafkaTestResource extends BrokerResource {
    private static volatile String bootstrapServers;

    public KafkaTestResource() {
        super("datarun-gateway-kafka", false);
    }

    @Override
    protected Map<String, String> configure(TestBroker broker) {
        bootstrapServers = broker.bootstrapServers();
        return Map.of(
                "datarun.gateway.bootstrap-servers", bootstrapServers,
                "datarun.gateway.state-dir", broker.root().resolve("state").toString(),
                "datarun.gateway.forms-dir", "src/test/resources/forms");
    }

    public static String bootstrapServers() {
        return bootstrapServers;
    }
}
