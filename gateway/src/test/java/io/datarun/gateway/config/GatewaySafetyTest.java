package io.datarun.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.kafka.StartupSafety;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A production gateway never starts on the demo's keys, secrets or an open Kafka. */
class GatewaySafetyTest {
    static final KafkaClientSettings SECURED = KafkaClientSettings.of(Map.of("bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    static final KafkaClientSettings OPEN = KafkaClientSettings.of(Map.of("bootstrap.servers", "kafka:9092"));

    static Map<String, String> production() {
        Map<String, String> config = new HashMap<>();
        config.put("mp.jwt.verify.publickey.location", "https://sso.example.gov.cn/realms/datarun/protocol/openid-connect/certs");
        config.put("mp.jwt.verify.issuer", "https://sso.example.gov.cn/realms/datarun");
        config.put("datarun.gateway.audit-key", "a-real-audit-key-from-a-secret");
        config.put("datarun.gateway.form-seal-key", "a-real-seal-key-from-a-secret");
        return config;
    }

    static StartupSafety.Verdict verdict(Map<String, String> config, KafkaClientSettings kafka, String... profiles) {
        return new GatewaySafety(key -> Optional.ofNullable(config.get(key))).verdict(List.of(profiles), kafka);
    }

    @Test
    void aProductionConfigurationStarts() {
        StartupSafety.Verdict verdict = verdict(production(), SECURED, "prod");
        assertThat(verdict.refused()).isFalse();
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void theDemosKeysAndSecretsAreRefusedOneLineEach() {
        Map<String, String> demo = new HashMap<>();
        demo.put("mp.jwt.verify.publickey.location", "data/dev-keys/publicKey.pem");
        demo.put("mp.jwt.verify.issuer", GatewaySafety.DEV_ISSUER);
        demo.put("datarun.gateway.audit-key", GatewayConfig.AUDIT_DEV_KEY);
        // the form-seal key left unset: its default is the development key

        StartupSafety.Verdict verdict = verdict(demo, SECURED, "prod");
        assertThat(verdict.refusals()).hasSize(4);
        assertThat(verdict.refusals()).anySatisfy(line -> assertThat(line).contains("DATARUN_JWT_PUBLIC_KEY"))
                .anySatisfy(line -> assertThat(line).contains("DATARUN_JWT_ISSUER"))
                .anySatisfy(line -> assertThat(line).contains("DATARUN_AUDIT_KEY"))
                .anySatisfy(line -> assertThat(line).contains("DATARUN_GATEWAY_FORM_SEAL_KEY"));
    }

    @Test
    void replicasWithoutTheirSharedSecretAreRefused() {
        Map<String, String> config = production();
        config.put("datarun.gateway.advertised-address", "gateway-0.gateway:8080");
        assertThat(verdict(config, SECURED, "prod").refusals()).singleElement()
                .satisfies(line -> assertThat(line).contains("DATARUN_GATEWAY_REPLICA_SECRET"));
        config.put("datarun.gateway.replica-secret", "shared");
        assertThat(verdict(config, SECURED, "prod").refused()).isFalse();
    }

    @Test
    void anUnauthenticatedOrUnreplicatedKafkaIsRefusedUnlessTheLabFlagAllowsItAndThenWarns() {
        Map<String, String> config = production();
        config.put("datarun.gateway.replication-factor", "1");
        assertThat(verdict(config, OPEN, "prod").refusals()).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("datarun.insecure-kafka=true"));

        config.put("datarun.insecure-kafka", "true");
        StartupSafety.Verdict lab = verdict(config, OPEN, "prod");
        assertThat(lab.refused()).isFalse();
        assertThat(lab.warnings()).hasSize(2);
    }

    @Test
    void theLabFlagNeverExcusesTheGatewaysOwnSecrets() {
        Map<String, String> config = production();
        config.remove("datarun.gateway.audit-key");
        config.put("datarun.insecure-kafka", "true");
        assertThat(verdict(config, OPEN, "prod").refusals()).singleElement()
                .satisfies(line -> assertThat(line).contains("DATARUN_AUDIT_KEY"));
    }

    @Test
    void devDemoAndTestProfilesAreNotChecked() {
        for (String profile : List.of("dev", "demo", "test")) {
            assertThat(verdict(Map.of(), OPEN, profile).refused()).as(profile).isFalse();
        }
        assertThat(verdict(Map.of(), OPEN, "bench").refused()).as("bench alone is not a relaxed profile").isTrue();
    }
}
