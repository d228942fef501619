package io.datarun.connectors.support;

import io.datarun.testkit.BrokerResource;
import io.datarun.testkit.TestBroker;
import java.nio.file.Path;
import java.util.Map;

/**
 * A connector test application's resource on the secured test broker ({@link TestKafka}): the
 * subclass sets up its sources and declarations below the suite's folder and names its own keys;
 * the runtime's {@code kafka.*} keys for the connectors' principal are added here.
 */
public abstract class ConnectorsTestResource extends BrokerResource {

    protected ConnectorsTestResource(String name) {
        super(name, true);
    }

    /** The application's own keys; {@code root} is the suite's temporary folder. */
    protected abstract Map<String, String> config(Path root) throws Exception;

    @Override
    protected final Map<String, String> configure(TestBroker broker) throws Exception {
        return TestKafka.runtimeConfig(broker, config(broker.root()));
    }
}
