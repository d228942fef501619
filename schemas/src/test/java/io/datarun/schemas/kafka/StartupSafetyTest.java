package io.datarun.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StartupSafetyTest {
    private static final KafkaClientSettings PLAINTEXT = KafkaClientSettings.of(Map.of("bootstrap.servers", "kafka:9092"));
    private static final KafkaClientSettings SASL_SSL = KafkaClientSettings.of(Map.of("bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    private static final String RF_KEY = "datarun.kafka.replication-factor";

    @Test
    void productionWithAnUnauthenticatedUnreplicatedKafkaIsRefusedWithOneLinePerSetting() {
        List<String> problems = StartupSafety.kafkaProblems(PLAINTEXT, Optional.of((short) 1), RF_KEY);
        StartupSafety.Verdict verdict = StartupSafety.decide(List.of("prod"), false, problems, List.of());

        assertThat(verdict.refused()).isTrue();
        assertThat(verdict.refusals()).hasSize(2);
        assertThat(verdict.refusals().get(0)).contains("without authentication", "PLAINTEXT", "kafka:9092",
                "KAFKA_SECURITY_PROTOCOL", "datarun.insecure-kafka=true");
        assertThat(verdict.refusals().get(1)).contains(RF_KEY + "=1", "below 3");
        assertThat(verdict.refusals()).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void anAuthenticatedConnectionWithTheBrokersDefaultFactorStarts() {
        List<String> problems = StartupSafety.kafkaProblems(SASL_SSL, Optional.empty(), RF_KEY);
        assertThat(problems).isEmpty();
        assertThat(StartupSafety.decide(List.of("prod"), false, problems, List.of()).refused()).isFalse();
        assertThat(StartupSafety.kafkaProblems(SASL_SSL, Optional.of((short) 3), RF_KEY)).isEmpty();
    }

    @Test
    void theInsecureFlagTurnsKafkaProblemsIntoWarningsButNotTheProcessesOwn() {
        List<String> problems = StartupSafety.kafkaProblems(PLAINTEXT, Optional.empty(), RF_KEY);
        StartupSafety.Verdict lab = StartupSafety.decide(List.of("prod"), true, problems, List.of());
        assertThat(lab.refused()).isFalse();
        assertThat(lab.warnings()).singleElement().asString().startsWith("datarun.insecure-kafka=true lets this through");

        StartupSafety.Verdict devKey = StartupSafety.decide(List.of("prod"), true, problems,
                List.of("the development signing key is configured"));
        assertThat(devKey.refusals()).containsExactly("the development signing key is configured");
    }

    @Test
    void devDemoAndTestProfilesAreNotChecked() {
        List<String> problems = StartupSafety.kafkaProblems(PLAINTEXT, Optional.of((short) 1), RF_KEY);
        for (String profile : List.of("dev", "demo", "test")) {
            StartupSafety.Verdict verdict = StartupSafety.decide(List.of(profile), false, problems, List.of("x"));
            assertThat(verdict.refused()).as(profile).isFalse();
        }
        assertThat(StartupSafety.decide(List.of("prod", "kubernetes"), false, problems, List.of()).refused()).isTrue();
    }

    @Test
    void saslWithoutTlsIsAllowedWithAWarning() {
        KafkaClientSettings saslPlain = KafkaClientSettings.of(Map.of("security.protocol", "SASL_PLAINTEXT"));
        assertThat(StartupSafety.kafkaProblems(saslPlain, Optional.empty(), RF_KEY)).isEmpty();
        assertThat(StartupSafety.kafkaWarnings(saslPlain)).singleElement().asString().contains("not encrypted");
        assertThat(StartupSafety.kafkaWarnings(SASL_SSL)).isEmpty();
    }

    @Test
    void theReminderRepeatsEveryWarning() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        try (UnsafeSettingsReminder reminder = UnsafeSettingsReminder.start(List.of("a", "b"), Duration.ofMillis(50), logged::add)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> logged.size() >= 6);
        }
        assertThat(logged.subList(0, 6)).containsExactly("a", "b", "a", "b", "a", "b");
    }
}
