package io.datarun.gateway;

import io.datarun.testkit.TestBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The test kit's broker for a test run, on free ports, in a fresh folder that also holds the stores. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile String bootstrapServers;
    private TestBroker broker;

    @Override
    public Map<String, String> start() {
        broker = TestBroker.start("datarun-gateway-kafka");
        bootstrapServers = broker.bootstrapServers();
        return Map.of(
                "datarun.gateway.bootstrap-servers", bootstrapServers,
                "datarun.gateway.state-dir", broker.root().resolve("state").toString(),
                "datarun.gateway.forms-dir", "src/test/resources/forms");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    public static String bootstrapServers() {
        return bootstrapServers;
    }
}
