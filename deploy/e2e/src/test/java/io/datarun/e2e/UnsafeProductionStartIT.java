package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway, started in production (no dev, demo or test profile) on the demo's defaults,
 * refuses to start before it binds its port or connects to Kafka, one line per unsafe setting, with
 * the configuration error exit status; the lab flag lets an open Kafka through and nothing else.
 */
class UnsafeProductionStartIT {
    static final Path GATEWAY_JAR = Path.of("../../gateway/target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();

    record Run(int exit, String output, boolean portOpened) {
    }

    static Run run(Path dir, Map<String, String> env) throws Exception {
        PackagedApp.requireJar(GATEWAY_JAR);
        int port = PackagedApp.freePort();
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=127.0.0.1:1", "-jar", GATEWAY_JAR.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean opened = false;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                opened = true;
                break;
            } catch (java.io.IOException notYet) {
                // not listening: keep waiting for the exit
            }
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        return new Run(process.exitValue(), Files.readString(log), opened);
    }

    @Test
    void onTheDemosDefaultsTheGatewayRefusesToStartNamingEachUnsafeSetting(@TempDir Path dir) throws Exception {
        Run run = run(dir, Map.of());

        assertThat(run.portOpened()).as("the HTTP port was never bound").isFalse();
        assertThat(run.exit()).isEqualTo(78);
        assertThat(run.output()).contains("DATARUN_JWT_PUBLIC_KEY", "DATARUN_JWT_ISSUER", "DATARUN_AUDIT_KEY",
                "DATARUN_GATEWAY_FORM_SEAL_KEY", "Kafka connection without authentication", "5 unsafe setting(s)");
        assertThat(run.output()).doesNotContain("Listening on");
    }

    @Test
    void theLabFlagAllowsAnOpenKafkaButNotTheDevKeys(@TempDir Path dir) throws Exception {
        Run run = run(dir, Map.of("DATARUN_INSECURE_KAFKA", "true"));

        assertThat(run.exit()).isEqualTo(78);
        assertThat(run.output()).contains("DATARUN_AUDIT_KEY", "4 unsafe setting(s)")
                .doesNotContain("refusing to start (profile prod): Kafka connection");
    }
}
