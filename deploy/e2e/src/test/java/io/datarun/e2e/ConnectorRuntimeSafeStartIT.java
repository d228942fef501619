package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datarun.testkit.TestBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged connector runtime, started as production starts it (no profile), refuses an
 * unauthenticated, unreplicated Kafka before it connects to Kafka or binds its HTTP port, with one
 * line per unsafe setting; {@code datarun.insecure-kafka=true} lets a lab broker through, warning.
 */
class ConnectorRuntimeSafeStartIT {
    private static final Path JAR = E2eStack.repoDir().resolve("connectors/target/quarkus-app/quarkus-run.jar");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aProductionStartWithUnsafeKafkaSettingsIsRefusedBeforeAnyConnectionOrPort(@TempDir Path dir) throws Exception {
        AtomicInteger kafkaConnections = new AtomicInteger();
        try (ServerSocket fakeKafka = new ServerSocket(0, 50, LOOPBACK)) {
            Thread acceptor = new Thread(() -> {
                while (!fakeKafka.isClosed()) {
                    try (Socket ignored = fakeKafka.accept()) {
                        kafkaConnections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            PackagedApp app = new PackagedApp("connectors-unsafe", JAR, Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:" + fakeKafka.getLocalPort(),
                    "datarun.kafka.replication-factor", "1",
                    "datarun.connectors.dir", Files.createDirectories(dir.resolve("declarations")).toString()),
                    dir.resolve("work"), dir.resolve("connectors.log"));
            // the HTTP port is taken: a runtime that got as far as binding it would fail with a port error instead
            try (ServerSocket portTaken = new ServerSocket(app.port(), 50, LOOPBACK)) {
                app.start();
                OptionalInt exit = app.awaitExit(Duration.ofSeconds(90));
                String log = Files.readString(dir.resolve("connectors.log"), StandardCharsets.UTF_8);
                assertThat(exit).as(log).isPresent();
                assertThat(exit.getAsInt()).as(log).isNotZero();
                List<String> refusals = log.lines().filter(l -> l.contains("refusing to start: ")).toList();
                assertThat(refusals).as(log).hasSize(2);
                assertThat(refusals.get(0)).contains("Kafka connection without authentication", "PLAINTEXT");
                assertThat(refusals.get(1)).contains("datarun.kafka.replication-factor=1 is below 3");
                assertThat(log).doesNotContain("Port " + app.port()).doesNotContainIgnoringCase("address already in use");
            } finally {
                app.stop(Duration.ofSeconds(5));
            }
            assertThat(kafkaConnections).as("nothing connected to Kafka").hasValue(0);
        }
    }

    @Test
    void theInsecureFlagLetsALabBrokerThroughAndWarns(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.start("datarun-e2e-lab-broker")) {
            PackagedApp app = new PackagedApp("connectors-lab", JAR, Map.of(
                    "kafka.bootstrap.servers", broker.bootstrapServers(),
                    "datarun.insecure-kafka", "true",
                    "datarun.connectors.dir", Files.createDirectories(dir.resolve("declarations")).toString()),
                    dir.resolve("work"), dir.resolve("connectors.log"));
            try {
                app.start();
                app.awaitReady(Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(dir.resolve("connectors.log")))
                        .contains("datarun.insecure-kafka=true lets this through: Kafka connection without authentication"));
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
    }
}
