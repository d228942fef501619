package io.datarun.gateway.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The gateway as one of several replicas: an advertised address (so its internal listener for
 * replica-to-replica reads is up, on that port) and the replicas' shared secret.
 */
public class ReplicaProfile implements QuarkusTestProfile {
    static final String REPLICA_SECRET = "test-only-replica-secret";
    static final int INTERNAL_PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "datarun.gateway.advertised-address", "127.0.0.1:" + INTERNAL_PORT,
                "datarun.gateway.internal-host", "127.0.0.1",
                "datarun.gateway.replica-secret", REPLICA_SECRET);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
