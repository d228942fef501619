package io.datarun.connectors.support;

import io.datarun.kafkalocal.LocalKafkaBroker;
import io.datarun.schemas.kafka.KafkaAccessPlan;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The connector tests' broker: secured as the demo's (SASL/SCRAM, exactly the access plan's ACLs),
 * and the runtime under test logs in as {@value KafkaAccessPlan#CONNECTORS}. A Kafka client of the
 * runtime that dropped the security settings could not connect, so every test here also proves
 * that each client kind gets them, and that the connectors' ACLs suffice for what it does.
 */
public final class TestKafka {
    private TestKafka() {
    }

    public static LocalKafkaBroker start(Path root) {
        return LocalKafkaBroker.startSecured(root.resolve("kafka"), 0, 0, root.resolve("kafka-credentials"),
                KafkaAccessPlan.forBundledSchemas());
    }

    /** The runtime's {@code kafka.*} configuration keys for the connectors' principal, plus {@code more}. */
    public static Map<String, String> runtimeConfig(LocalKafkaBroker broker, Map<String, String> more) {
        Map<String, String> config = new HashMap<>(more);
        broker.clientSettings(KafkaAccessPlan.CONNECTORS).asMap()
                .forEach((key, value) -> config.put("kafka." + key, value.toString()));
        return config;
    }
}
