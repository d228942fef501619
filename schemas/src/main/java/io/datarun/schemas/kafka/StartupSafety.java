package io.datarun.schemas.kafka;

import io.datarun.schemas.wire.TopicProvisioner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a datarun process refuses to start with outside the dev, demo and test profiles, decided
 * before it connects to Kafka or binds a port: one line per unsafe setting, each saying what to set.
 * The connector runtime and the gateway share the Kafka rules; each adds its own problems (a
 * development signing key, a built-in secret) to {@link #decide}.
 *
 * <p>One explicit flag, {@value #INSECURE_KAFKA}{@code =true} ({@code DATARUN_INSECURE_KAFKA=true}),
 * lets a lab broker through: unauthenticated or unreplicated Kafka then starts, with the same lines
 * as warnings that the process repeats every minute ({@link UnsafeSettingsReminder}). It never
 * excuses a process's other problems.
 */
public final class StartupSafety {
    /** The flag that allows an unauthenticated or unreplicated Kafka outside dev. */
    public static final String INSECURE_KAFKA = "datarun.insecure-kafka";
    /** Profiles in which nothing is checked: a developer's machine, the local demo, the test suites. */
    public static final Set<String> RELAXED_PROFILES = Set.of("dev", "demo", "test");

    private StartupSafety() {
    }

    /**
     * The outcome: refused when {@code refusals} is not empty (log each line, then stop); else start,
     * logging each warning.
     */
    public record Verdict(List<String> refusals, List<String> warnings) {
        public Verdict {
            refusals = List.copyOf(refusals);
            warnings = List.copyOf(warnings);
        }

        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** Whether any active profile is one where nothing is checked. */
    public static boolean relaxed(Collection<String> activeProfiles) {
        return activeProfiles.stream().anyMatch(RELAXED_PROFILES::contains);
    }

    /**
     * The unsafe Kafka settings of a process: a connection that does not authenticate the process,
     * and a configured replication factor below {@value TopicProvisioner#SAFE_REPLICATION_FACTOR}
     * (the broker's default, when none is configured, is checked by {@link TopicProvisioner} once
     * connected).
     *
     * @param replicationFactorKey the process's name for the setting, for the message
     */
    public static List<String> kafkaProblems(KafkaClientSettings kafka, Optional<Short> replicationFactor,
            String replicationFactorKey) {
        List<String> problems = new ArrayList<>();
        if (!kafka.authenticated()) {
            problems.add("Kafka connection without authentication (security.protocol=" + kafka.securityProtocol()
                    + " to " + kafka.bootstrapServers() + "): set KAFKA_SECURITY_PROTOCOL=SASL_SSL with KAFKA_SASL_MECHANISM "
                    + "and KAFKA_SASL_JAAS_CONFIG, or SSL with a client certificate (KAFKA_SSL_KEYSTORE_LOCATION)");
        }
        replicationFactor.filter(rf -> rf < TopicProvisioner.SAFE_REPLICATION_FACTOR).ifPresent(rf -> problems.add(
                replicationFactorKey + "=" + rf + " is below " + TopicProvisioner.SAFE_REPLICATION_FACTOR
                        + ": a broker loss would lose data; set 3, or leave it unset for the broker's default"));
        return problems;
    }

    /** Settings that are allowed but weaker than a city's deployment should be: logged once at start. */
    public static List<String> kafkaWarnings(KafkaClientSettings kafka) {
        if (kafka.authenticated() && !kafka.encrypted()) {
            return List.of("Kafka connection not encrypted (security.protocol=" + kafka.securityProtocol()
                    + "): credentials and records cross the network in clear; use SASL_SSL outside a single host");
        }
        return List.of();
    }

    /**
     * Decides whether the process may start.
     *
     * @param activeProfiles the process's active configuration profiles
     * @param insecureKafka {@value #INSECURE_KAFKA}
     * @param kafkaProblems from {@link #kafkaProblems}: excused (as warnings) by {@code insecureKafka}
     * @param otherProblems the process's own problems: never excused
     */
    public static Verdict decide(Collection<String> activeProfiles, boolean insecureKafka, List<String> kafkaProblems,
            List<String> otherProblems) {
        if (relaxed(activeProfiles)) {
            return new Verdict(List.of(), List.of());
        }
        List<String> refusals = new ArrayList<>(otherProblems);
        List<String> warnings = new ArrayList<>();
        if (insecureKafka) {
            kafkaProblems.forEach(p -> warnings.add(INSECURE_KAFKA + "=true lets this through: " + p));
        } else {
            kafkaProblems.forEach(p -> refusals.add(p + " (a lab broker: " + INSECURE_KAFKA + "=true)"));
        }
        return new Verdict(refusals, warnings);
    }
}
