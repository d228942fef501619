package io.datarun.connectors.support;

import io.datarun.schemas.kafka.KafkaAccessPlan;
import io.datarun.testkit.TestBroker;
import java.util.Map;

/**
 * The connector tests' broker (the test kit's): secured as the demo's (SASL/SCRAM, exactly the
 * access plan's ACLs), and the runtime under test logs in as {@value KafkaAccessPlan#CONNECTORS}. A
 * Kafka client of the runtime that dropped the security settings could not connect, so every test
 * here also proves that each client kind gets them, and that the connectors' ACLs suffice for what it does.
 */
public final class TestKafka {
    private TestKafka() {
    }

    /** A secured broker in a fresh temporary folder named after {@code name}. */
    public static TestBroker start(String name) {
        return TestBroker.startSecured(name);
    }

    /** The runtime's {@code kafka.*} configuration keys for the connectors' principal, plus {@code more}. */
    public static Map<String, String> runtimeConfig(TestBroker broker, Map<String, String> more) {
        return broker.applicationConfig("kafka.", KafkaAccessPlan.CONNECTORS, more);
    }
}
