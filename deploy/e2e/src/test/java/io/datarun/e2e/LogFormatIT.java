package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway's log lines carry the date (plain format) and, with DATARUN_LOG_JSON=true,
 * are one JSON object per event for a log collector. Started against no broker: its first lines
 * are logged before it looks for Kafka.
 */
class LogFormatIT {
    static final Path GATEWAY_JAR = UnsafeProductionStartIT.GATEWAY_JAR;

    static Optional<String> firstLineContaining(Map<String, String> env, String text) throws Exception {
        PackagedApp.requireJar(GATEWAY_JAR);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Dquarkus.profile=demo", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + PackagedApp.freePort(), "-Dkafka.bootstrap.servers=127.0.0.1:1",
                "-jar", GATEWAY_JAR.toString()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                if (line.contains(text)) {
                    return Optional.of(line);
                }
            }
            return Optional.empty();
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPlainLogLineStartsWithTheDate() throws Exception {
        String line = firstLineContaining(Map.of(), "kafka clients bootstrap=").orElseThrow();
        assertThat(line).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO .*kafka clients bootstrap=.*");
    }

    @Test
    void withJsonLogsEachEventIsOneJsonObjectWithItsTimestamp() throws Exception {
        String line = firstLineContaining(Map.of("DATARUN_LOG_JSON", "true"), "kafka clients bootstrap=").orElseThrow();
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.path("message").asText()).contains("kafka clients bootstrap=127.0.0.1:1");
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    }
}
