package io.datarun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.schemas.validation.ResidentIdNumber;
import io.datarun.schemas.wire.Topics;
import io.datarun.testkit.TestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A custom source added to the packaged connector runtime as an operator would: the SPI example's
 * jar (built by {@code connectors/example}) in a plugins folder named by
 * {@code datarun.connectors.plugins-dir}. The runtime finds the class and publishes the rows. The
 * way the docs used to give — the jar copied into {@code quarkus-app/lib/main} — is shown not to
 * work: the fast-jar's class-path index is made at build time and never sees the jar.
 */
class ConnectorPluginsIT {
    private static final String DATASET = "public-security.household-registry";
    private static final String CONNECTOR = "ps-household-jsonl";
    private static final String EXAMPLE_CLASS = "io.datarun.connectors.example.JsonLinesSource";

    private static Path temp;
    private static Path logs;
    private static TestBroker broker;
    private static final List<PackagedApp> APPS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        broker = TestBroker.start("datarun-e2e-plugins-");
        temp = broker.root();
        logs = Path.of(System.getProperty("datarun.e2e.log-dir", "target/e2e-logs")).resolve("ConnectorPluginsIT");
    }

    @AfterAll
    static void stop() throws IOException {
        APPS.forEach(app -> app.stop(Duration.ofSeconds(10)));
        if (broker != null) {
            broker.close(); // and its folder
        }
    }

    @Test
    void whenTheExampleJarIsInThePluginsFolderThenThePackagedRuntimePublishesItsRows() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.copy(exampleJar(), plugins.resolve(exampleJar().getFileName()));
        List<String> valid = List.of(residentId(1), residentId(2), residentId(3));
        Path declarations = declare(List.of(valid.get(0), valid.get(1), valid.get(2), brokenChecksum(residentId(4))));

        PackagedApp runtime = runtime("connectors-plugins", Map.of("datarun.connectors.plugins-dir", plugins.toString()),
                declarations, connectorsApp());
        runtime.awaitReady(Duration.ofSeconds(90));

        JsonNode status = await("the plugin connector has committed its four rows").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> RuntimeStatus.of(runtime).connectors().get(CONNECTOR),
                        s -> s != null && s.path("rowsSeen").asLong() == 4);
        assertThat(status.path("accepted").asLong()).isEqualTo(3);
        assertThat(status.path("deadLettered").asLong()).isEqualTo(1);
        assertThat(new CommittedTopics(broker.bootstrapServers()).readAll(Topics.records(DATASET)))
                .extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(valid);
        assertThat(runtime.tail(400)).contains("plugins folder " + plugins.toAbsolutePath()).contains(EXAMPLE_CLASS);
    }

    @Test
    void whenTheJarIsCopiedIntoLibMainInsteadThenThePackagedRuntimeDoesNotFindTheClass() throws IOException {
        Path app = linkedCopy(connectorsApp(), temp.resolve("quarkus-app-with-lib-main-jar"));
        Files.copy(exampleJar(), app.resolve("lib/main").resolve(exampleJar().getFileName()));
        Path declarations = declare(List.of(residentId(5)));

        PackagedApp runtime = runtime("connectors-lib-main", Map.of(), declarations, app);

        await("the runtime refuses the declaration and exits").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> !runtime.isAlive());
        assertThat(runtime.tail(200)).contains("source.class").contains("found no class '" + EXAMPLE_CLASS + "'");
    }

    private static PackagedApp runtime(String name, Map<String, String> more, Path declarations, Path app) {
        Map<String, String> properties = new java.util.HashMap<>(more);
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("datarun.connectors.dir", declarations.toString());
        properties.put("datarun.kafka.partitions", "1");
        // a local, unauthenticated test broker: allowed by the lab flag, as in E2eStack's single-broker stacks
        properties.put("datarun.insecure-kafka", "true");
        properties.put("mp.jwt.verify.publickey.location", OperatorToken.publicKeyFile().toString());
        PackagedApp runtime = new PackagedApp(name, app.resolve("quarkus-run.jar"), properties,
                temp.resolve(name + "-work"), logs.resolve(name + ".log"));
        APPS.add(runtime);
        runtime.start();
        return runtime;
    }

    /** A declaration of the example source over a JSON-lines file holding one line per resident ID. */
    private static Path declare(List<String> residentIds) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("declarations-" + residentIds.get(0)));
        Path lines = dir.resolveSibling("residents-" + residentIds.get(0) + ".jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < residentIds.size(); i++) {
            String id = residentIds.get(i);
            text.append("{\"sfzh\":\"").append(id).append("\",\"xm\":\"张").append(i).append("\",\"xb\":\"1\",\"csrq\":\"")
                    .append(ResidentIdNumber.parseBirthDate(id).orElseThrow())
                    .append("\",\"hh\":\"H").append(i).append("\",\"hjdz\":\"北京市朝阳区").append(i)
                    .append("号\",\"xzqh\":\"110105\",\"gxsj\":\"2025-05-01T08:00:0").append(i).append("\"}\n");
        }
        Files.writeString(lines, text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CONNECTOR + ".yaml"), """
                name: %s
                dataset: %s
                source:
                  kind: java
                  class: %s
                  options: {file: %s}
                  batchSize: 2
                  pollInterval: 500ms
                mapping:
                  residentId: sfzh
                  name: xm
                  gender: {column: xb, codes: {"1": MALE, "2": FEMALE}}
                  birthDate: csrq
                  householdNumber: hh
                  registeredAddress: hjdz
                  divisionCode: xzqh
                  updatedAt: gxsj
                """.formatted(CONNECTOR, DATASET, EXAMPLE_CLASS, lines), StandardCharsets.UTF_8);
        return dir;
    }

    /** A valid resident ID of a man born in 1980 (odd sequence number, so gender 1 agrees). */
    private static String residentId(int n) {
        String first17 = "11010519800101" + String.format("%03d", n * 2 + 1);
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    private static String brokenChecksum(String id) {
        char check = id.charAt(17);
        return id.substring(0, 17) + (check == '0' ? '1' : '0');
    }

    private static Path connectorsApp() {
        return E2eStack.repoDir().resolve("connectors/target/quarkus-app");
    }

    private static Path exampleJar() throws IOException {
        Path target = E2eStack.repoDir().resolve("connectors/example/target");
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("datarun-connector-example-.*\\.jar")
                    && !p.getFileName().toString().contains("-sources")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no example jar in " + target
                            + ": build connectors/example first (./mvnw verify builds it before this module)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(target + " is missing: build connectors/example first", e);
        }
    }

    /** A copy of a quarkus-app folder whose files are links to the original's (the folder is 80 MB). */
    private static Path linkedCopy(Path app, Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(app)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(app.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createSymbolicLink(target, file.toAbsolutePath());
                }
            }
        }
        return copy;
    }
}
