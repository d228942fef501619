package io.datarun.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A {@code @QuarkusTestResource} built on the suite's {@link TestBroker}: starts the broker, lets
 * the subclass set up what else the application needs (files below {@link TestBroker#root()},
 * databases, servers) and return its configuration; on stop, the subclass cleans up what lives
 * outside the folder, then the broker and its folder go. A start that fails half-way is cleaned up
 * the same way.
 */
public abstract class BrokerResource implements QuarkusTestResourceLifecycleManager {
    private final String name;
    private final boolean secured;
    private TestBroker broker;

    /**
     * @param name    prefixes the temporary folder's name
     * @param secured whether the broker admits only the access plan's principals (SASL/SCRAM)
     */
    protected BrokerResource(String name, boolean secured) {
        this.name = name;
        this.secured = secured;
    }

    /** The application's configuration keys for this broker and whatever else the subclass sets up. */
    protected abstract Map<String, String> configure(TestBroker broker) throws Exception;

    /** Removes what {@link #configure} made outside the broker's folder; runs before the broker stops. */
    protected void cleanUp() throws Exception {
    }

    @Override
    public final Map<String, String> start() {
        broker = secured ? TestBroker.startSecured(name) : TestBroker.start(name);
        try {
            return configure(broker);
        } catch (Exception e) {
            try {
                stop();
            } catch (RuntimeException cleanUpFailure) {
                e.addSuppressed(cleanUpFailure);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(name + " did not start", e);
        }
    }

    @Override
    public final void stop() {
        try {
            cleanUp();
        } catch (Exception e) {
            throw new IllegalStateException(name + " was not cleaned up", e);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
