package io.datarun.gateway.config;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.kafka.StartupSafety;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gateway's settings that must never reach production: checked before the gateway binds a port
 * or connects to Kafka ({@code wiring.GatewayMain}), outside the dev, demo and test profiles. Each
 * problem is one line saying what to set instead. Kafka's own rules (authentication, replication)
 * are {@link StartupSafety}'s, shared with the connector runtime.
 */
public final class GatewaySafety {
    /** The issuer the demo's DEV-ONLY tokens carry. */
    public static final String DEV_ISSUER = "https://datarun.local/dev";

    private final Function<String, Optional<String>> config;

    /** {@code config} looks a configuration key up (already resolved, placeholders expanded). */
    public GatewaySafety(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /** The gateway's own unsafe settings: never excused by any flag. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String keyLocation = config.apply("mp.jwt.verify.publickey.location").orElse("");
        if (keyLocation.isBlank() || keyLocation.contains("dev-keys")) {
            problems.add("mp.jwt.verify.publickey.location=" + keyLocation + " is the DEV-ONLY signing key: anyone with the "
                    + "demo tooling can mint tokens; set DATARUN_JWT_PUBLIC_KEY to the OIDC provider's JWKS URL");
        }
        String issuer = config.apply("mp.jwt.verify.issuer").orElse("");
        if (issuer.isBlank() || issuer.equals(DEV_ISSUER)) {
            problems.add("mp.jwt.verify.issuer=" + issuer + " is the DEV-ONLY issuer; set DATARUN_JWT_ISSUER to the OIDC "
                    + "provider's issuer (e.g. https://sso.example.gov.cn/realms/datarun)");
        }
        String auditKey = config.apply("datarun.gateway.audit-key").orElse(GatewayConfig.AUDIT_DEV_KEY);
        if (auditKey.equals(GatewayConfig.AUDIT_DEV_KEY)) {
            problems.add("datarun.gateway.audit-key is the built-in development key: anyone can forge audit events; "
                    + "set DATARUN_AUDIT_KEY (at least 16 random characters, kept in a secret)");
        }
        String sealKey = config.apply("datarun.gateway.form-seal-key").orElse(GatewayConfig.FORM_SEAL_DEV_KEY);
        if (sealKey.equals(GatewayConfig.FORM_SEAL_DEV_KEY)) {
            problems.add("datarun.gateway.form-seal-key is the built-in development key: anyone can forge form seals; "
                    + "set DATARUN_GATEWAY_FORM_SEAL_KEY (at least 16 random characters, kept in a secret)");
        }
        boolean replicated = config.apply("datarun.gateway.advertised-address").filter(v -> !v.isBlank()).isPresent();
        boolean secret = config.apply("datarun.gateway.replica-secret").filter(v -> !v.isBlank()).isPresent();
        if (replicated && !secret) {
            problems.add("datarun.gateway.advertised-address is set (several replicas) but datarun.gateway.replica-secret is "
                    + "not: replicas could not authenticate each other; set DATARUN_GATEWAY_REPLICA_SECRET, the same on every "
                    + "replica");
        }
        return problems;
    }

    /** The Kafka problems ({@link StartupSafety#kafkaProblems}), excused only by {@value StartupSafety#INSECURE_KAFKA}. */
    public List<String> kafkaProblems(KafkaClientSettings kafka) {
        Optional<Short> replicationFactor = config.apply("datarun.gateway.replication-factor")
                .filter(v -> !v.isBlank()).map(Short::valueOf);
        return StartupSafety.kafkaProblems(kafka, replicationFactor, "datarun.gateway.replication-factor");
    }

    /** Whether {@value StartupSafety#INSECURE_KAFKA} (or {@code DATARUN_INSECURE_KAFKA}) is true. */
    public boolean insecureKafka() {
        return config.apply(StartupSafety.INSECURE_KAFKA).map(Boolean::parseBoolean).orElse(false);
    }

    /** The verdict for these profiles: refusals stop the gateway, warnings are repeated every minute. */
    public StartupSafety.Verdict verdict(List<String> activeProfiles, KafkaClientSettings kafka) {
        return StartupSafety.decide(activeProfiles, insecureKafka(), kafkaProblems(kafka), problems());
    }
}
