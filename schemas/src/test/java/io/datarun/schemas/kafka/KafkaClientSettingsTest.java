package io.datarun.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    @Test
    void configKeysAndEnvironmentNamesBecomeClientProperties() {
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", "broker-1:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "kafka.devservices.enabled", "false",
                "quarkus.http.port", "8080");
        KafkaClientSettings settings = KafkaClientSettings.fromConfig(config.keySet(), config::get);

        assertThat(settings.asMap()).containsOnly(
                Map.entry("bootstrap.servers", "broker-1:9093"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(settings.authenticated()).isTrue();
        assertThat(settings.encrypted()).isTrue();
    }

    /** Kubernetes service links for a Service named kafka: not client settings, so not passed to any client. */
    @Test
    void kubernetesServiceLinkVariablesAreNotTakenForClientSettings() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "KAFKA_PORT", "tcp://10.0.0.7:9092",
                "KAFKA_SERVICE_HOST", "10.0.0.7",
                "KAFKA_SERVICE_PORT", "9092",
                "KAFKA_PORT_9092_TCP", "tcp://10.0.0.7:9092",
                "KAFKA_PORT_9092_TCP_ADDR", "10.0.0.7",
                "KAFKA_PORT_9092_TCP_PORT", "9092",
                "KAFKA_PORT_9092_TCP_PROTO", "tcp",
                "KAFKA_SERVICE_PORT_TCP_CLIENTS", "9092"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", "datarun-kafka-bootstrap:9093");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka-ca/ca.p12");
        env.put("KAFKA_SASL_JAAS_CONFIG", "x required;");

        assertThat(KafkaClientSettings.fromEnvironment(env).asMap()).containsOnly(
                Map.entry("bootstrap.servers", "datarun-kafka-bootstrap:9093"),
                Map.entry("ssl.truststore.location", "/etc/kafka-ca/ca.p12"),
                Map.entry("sasl.jaas.config", "x required;"));
        assertThat(KafkaClientSettings.CLIENT_PROPERTIES).contains("security.protocol", "sasl.mechanism", "client.id",
                "ssl.keystore.password", "enable.idempotence", "isolation.level").doesNotContain("port", "service.host");
    }

    @Test
    void aDottedKeyWinsOverTheEnvironmentSpellingOfTheSameProperty() {
        Map<String, String> config = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "kafka.bootstrap.servers", "file:9092");
        assertThat(KafkaClientSettings.fromConfig(List.copyOf(config.keySet()), config::get).bootstrapServers())
                .isEqualTo("file:9092");
    }

    @Test
    void everyClientKeepsTheSecuritySettingsAndAddsItsOwn() {
        KafkaClientSettings settings = KafkaClientSettings.of(Map.of("bootstrap.servers", "b:9092",
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512"));
        Map<String, Object> producer = settings.with(Map.of("transactional.id", "t-1", "acks", "all"));
        assertThat(producer).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("transactional.id", "t-1");
    }

    @Test
    void plaintextIsNeitherAuthenticatedNorEncrypted() {
        KafkaClientSettings settings = KafkaClientSettings.of(Map.of());
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.authenticated()).isFalse();
        assertThat(settings.encrypted()).isFalse();
        assertThat(KafkaClientSettings.of(Map.of("security.protocol", "SSL")).authenticated())
                .as("TLS without a client certificate encrypts but does not authenticate").isFalse();
        assertThat(KafkaClientSettings.of(Map.of("security.protocol", "SSL", "ssl.keystore.location", "/k.p12")).authenticated())
                .isTrue();
    }

    @Test
    void aPropertiesFileAsKafkasToolsTakeIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:19092\nsecurity.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"datarun-admin\" password=\"s3cret\";\n");
        KafkaClientSettings settings = KafkaClientSettings.load(file, Map.of("KAFKA_CLIENT_ID", "cli"));
        assertThat(settings.asMap()).containsEntry("client.id", "cli").containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(settings.principal()).contains("datarun-admin");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("[hidden]");
    }
}
