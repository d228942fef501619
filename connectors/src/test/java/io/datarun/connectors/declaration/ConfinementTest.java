package io.datarun.connectors.declaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datarun.schemas.catalog.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confinement of declarations that arrive through an API, rule by rule, each allowed and refused:
 * the department's own dataset, Camel components from its allow-list (never exec and the like), hosts it
 * declared, files under its drop folder, placeholders from the connector's own secrets only.
 */
class ConfinementTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.load();
    private static final String MAPPING = """
            mapping: {residentId: sfzh, checkupDate: tjrq, clinic: jg, bloodPressure: xy, divisionCode: xzqh, updatedAt: sj}
            """;

    @TempDir
    Path dir;
    private Path drop;
    private Confinement.Policy health;

    @BeforeEach
    void policy() throws IOException {
        drop = Files.createDirectories(dir.resolve("drops/health"));
        Files.createDirectories(dir.resolve("drops/public-security"));
        health = new Confinement.Policy("health", Set.of("paho-mqtt5", "sftp"), drop,
                Set.of("mqtt.health.local", "*.wsjkw.example.gov.cn", "db.health.local"));
    }

    private ConnectorDeclaration read(String source, Map<String, String> secrets) throws IOException {
        Path file = dir.resolve("api-declaration.yaml");
        Files.writeString(file, "name: health-feed\ndataset: health.elderly-health-checkups\nsource:\n" + source.indent(2)
                + MAPPING);
        return new DeclarationReader(REGISTRY, Confinement.placeholders(secrets),
                new DeclarationReader.Defaults(100, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai"))).read(file);
    }

    private List<String> breaches(String source) throws IOException {
        return Confinement.breaches(read(source, Map.of()), health);
    }

    private static String mqtt(String uri, String brokerUrl, String extraStep) {
        return """
                kind: camel
                route:
                  - from:
                      uri: "%s"
                      parameters:
                        brokerUrl: "%s"
                        clientId: datarun-health
                        qos: 1
                      steps:%s
                        - to: "datarun:door"
                """.formatted(uri, brokerUrl, extraStep.isEmpty() ? "" : "\n" + extraStep.indent(8).stripTrailing());
    }

    @Test
    void anMqttRouteOfAnAllowedComponentToADeclaredHostIsConfined() throws IOException {
        assertThat(breaches(mqtt("paho-mqtt5:checkups", "tcp://mqtt.health.local:1883", ""))).isEmpty();
        assertThat(breaches(mqtt("sftp://drop@sftp.wsjkw.example.gov.cn:22/exports", "tcp://mqtt.health.local:1883", "")))
                .isEmpty();
    }

    @Test
    void execAndOtherCodeRunningComponentsAreNeverAllowedEvenWhenListed() throws IOException {
        Confinement.Policy careless = new Confinement.Policy("health", Set.of("paho-mqtt5", "exec", "bean"), drop,
                health.hosts());
        assertThat(Confinement.breaches(read(mqtt("paho-mqtt5:checkups", "tcp://mqtt.health.local:1883",
                "- to: \"exec:/bin/sh?args=-c rm\""), Map.of()), careless))
                .singleElement().asString().contains("component 'exec' is never allowed");
        assertThat(breaches(mqtt("paho-mqtt5:checkups", "tcp://mqtt.health.local:1883", "- to: \"bean:runtime\"")))
                .anySatisfy(b -> assertThat(b).contains("component 'bean' is never allowed"));
    }

    @Test
    void aComponentOutsideTheDepartmentsAllowListIsRefused() throws IOException {
        assertThat(breaches(mqtt("jms:queue:checkups", "tcp://mqtt.health.local:1883", "")))
                .singleElement().asString().contains("component 'jms' is not in health's allow-list [paho-mqtt5, sftp]");
    }

    @Test
    void aHostTheDepartmentDidNotDeclareIsRefused() throws IOException {
        assertThat(breaches(mqtt("paho-mqtt5:checkups", "tcp://10.0.0.5:1883", "")))
                .singleElement().asString().contains("brokerUrl: host '10.0.0.5' is not one of health's declared hosts");
        assertThat(breaches(mqtt("sftp://drop@sftp.gongan.local/exports", "tcp://mqtt.health.local:1883", "")))
                .singleElement().asString().contains("host 'sftp.gongan.local'");
    }

    @Test
    void placeholdersAndFunctionsReadingTheRuntimeAreRefusedInRoutes() throws IOException {
        assertThat(breaches(mqtt("paho-mqtt5:checkups", "{{env:HEALTH_MQTT_URL}}", "")))
                .anySatisfy(b -> assertThat(b).contains("Camel property placeholders"));
        assertThat(breaches(mqtt("paho-mqtt5:checkups", "tcp://mqtt.health.local:1883",
                "- setHeader: {name: x, constant: \"${env.KAFKA_SASL_JAAS_CONFIG}\"}")))
                .anySatisfy(b -> assertThat(b).contains("'${env.KAFKA_SASL_JAAS_CONFIG}' is not allowed"));
        assertThat(breaches(mqtt("paho-mqtt5:checkups", "tcp://mqtt.health.local:1883",
                "- toD: \"paho-mqtt5:${header.topic}\"")))
                .anySatisfy(b -> assertThat(b).contains(".toD: not allowed through the API"));
    }

    @Test
    void aRouteFileIsRefusedInlineRoutesOnly() throws IOException {
        Files.writeString(dir.resolve("r.camel.yaml"), "- from: {uri: \"paho-mqtt5:x\", steps: [{to: \"datarun:door\"}]}\n");
        assertThat(breaches("kind: camel\nrouteFile: r.camel.yaml\n"))
                .singleElement().asString().startsWith("source.routeFile: not allowed through the API");
    }

    @Test
    void filesOnlyUnderTheDepartmentsDropFolder() throws IOException {
        Files.createDirectories(drop.resolve("checkups"));
        assertThat(breaches("kind: file\ndir: " + drop.resolve("checkups") + "\n")).isEmpty();
        assertThat(breaches("kind: file\ndir: " + drop.resolve("../public-security") + "\n"))
                .singleElement().asString().contains("is outside health's drop folder");
        Path link = Files.createSymbolicLink(drop.resolve("sneaky"), dir.resolve("drops/public-security"));
        assertThat(breaches("kind: file\ndir: " + link + "\n"))
                .singleElement().asString().contains("is outside health's drop folder");
    }

    @Test
    void urlsOnlyToDeclaredHostsAndNoFileDatabases() throws IOException {
        assertThat(breaches("kind: http\nurl: https://api.wsjkw.example.gov.cn/checkups\nsinceField: sj\n")).isEmpty();
        assertThat(breaches("kind: http\nurl: http://169.254.169.254/latest/meta-data\nsinceField: sj\n"))
                .singleElement().asString().contains("source.url: host '169.254.169.254' is not one of health's");
        String jdbc = "kind: jdbc\nurl: %s\ntable: checkups\nwatermark: {column: sj, key: id}\n";
        assertThat(breaches(jdbc.formatted("jdbc:postgresql://db.health.local:5432/tj"))).isEmpty();
        assertThat(breaches(jdbc.formatted("jdbc:postgresql://db.gongan.local:5432/hukou")))
                .singleElement().asString().contains("host 'db.gongan.local'");
        assertThat(breaches(jdbc.formatted("\"jdbc:h2:mem:x;INIT=RUNSCRIPT FROM '/etc/passwd'\"")))
                .singleElement().asString().contains("expected a network database");
    }

    @Test
    void onlyTheDepartmentsOwnDatasetsAndNoCustomCode() throws IOException {
        Path file = dir.resolve("other.yaml");
        Files.writeString(file, """
                name: health-reads-hukou
                dataset: public-security.household-registry
                source: {kind: java, class: com.example.Anything}
                mapping: {residentId: sfzh, name: xm, gender: xb, birthDate: csrq, householdNumber: hh,
                          registeredAddress: dz, divisionCode: xzqh, updatedAt: sj}
                """);
        ConnectorDeclaration declaration = new DeclarationReader(REGISTRY, Confinement.placeholders(Map.of()),
                new DeclarationReader.Defaults(100, Duration.ofSeconds(1), ZoneId.of("Asia/Shanghai"))).read(file);
        assertThat(Confinement.breaches(declaration, health)).containsExactly(
                "dataset: public-security.household-registry is owned by public-security, not by health",
                "source.kind: java is not allowed through the API (custom code is installed by the operator)");
    }

    @Test
    void placeholdersResolveFromTheConnectorsOwnSecretsNeverFromTheRuntimesEnvironment() throws IOException {
        String http = "kind: http\nurl: https://api.wsjkw.example.gov.cn/checkups\nsinceField: sj\n"
                + "headers: {Authorization: \"Bearer ${%s}\"}\n";
        HttpSource own = (HttpSource) read(http.formatted("HEALTH_API_TOKEN"), Map.of("HEALTH_API_TOKEN", "t0k3n")).source();
        assertThat(own.headers()).containsEntry("Authorization", "Bearer t0k3n");
        // PATH is set in every runtime's environment: a confined declaration cannot read it
        assertThat(System.getenv("PATH")).isNotNull();
        assertThatThrownBy(() -> read(http.formatted("PATH"), Map.of("HEALTH_API_TOKEN", "t0k3n")))
                .isInstanceOf(ConnectorDeclarationException.class).hasMessageContaining("PATH");
        assertThatThrownBy(() -> read(http.formatted("java.home"), Map.of()))
                .isInstanceOf(ConnectorDeclarationException.class).hasMessageContaining("java.home");
    }
}
