package io.datarun.gateway;

import io.datarun.kafkalocal.LocalKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real single-node Kafka broker per test run, on free ports, in a fresh folder. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile String bootstrapServers;
    private LocalKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("datarun-gateway-kafka");
            broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0, 0);
            bootstrapServers = broker.bootstrapServers();
            return Map.of(
                    "datarun.gateway.bootstrap-servers", bootstrapServers,
                    "datarun.gateway.state-dir", dir.resolve("state").toString(),
                    "datarun.gateway.forms-dir", "src/test/resources/forms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
