package io.datarun.connectors.runtime;

import io.datarun.schemas.kafka.KafkaClientSettings;
import io.datarun.schemas.kafka.StartupSafety;
import io.datarun.schemas.kafka.UnsafeSettingsReminder;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses a production start with unsafe Kafka settings ({@link StartupSafety}): one error line per
 * unsafe setting, then the start fails. It runs before any Kafka client exists and before the HTTP
 * port is bound: {@link ConnectorRuntime}, which creates every client, takes this bean in its
 * constructor, and Quarkus opens the port only after the start-up observers have run. Nothing is
 * checked in the dev, demo and test profiles.
 */
@Singleton
public class KafkaStartupCheck {
    private static final Logger LOG = Logger.getLogger(KafkaStartupCheck.class);
    static final String REPLICATION_FACTOR_KEY = "datarun.kafka.replication-factor";

    private final boolean requireReplicated;
    private final UnsafeSettingsReminder reminder;

    public KafkaStartupCheck(KafkaClientSettings kafka, TopicsConfig topics,
            @ConfigProperty(name = StartupSafety.INSECURE_KAFKA, defaultValue = "false") boolean insecureKafka) {
        List<String> profiles = ConfigUtils.getProfiles();
        StartupSafety.Verdict verdict = StartupSafety.decide(profiles, insecureKafka,
                StartupSafety.kafkaProblems(kafka, topics.replicationFactor(), REPLICATION_FACTOR_KEY), List.of());
        if (verdict.refused()) {
            verdict.refusals().forEach(line -> LOG.errorf("refusing to start: %s", line));
            throw new IllegalStateException("the connector runtime refuses to start with " + verdict.refusals().size()
                    + " unsafe setting(s); see the 'refusing to start' lines above");
        }
        boolean relaxed = StartupSafety.relaxed(profiles);
        if (!relaxed) {
            StartupSafety.kafkaWarnings(kafka).forEach(LOG::warn);
        }
        this.requireReplicated = !relaxed && !insecureKafka;
        this.reminder = UnsafeSettingsReminder.start(verdict.warnings(), Duration.ofMinutes(1), LOG::warn);
        LOG.infof("kafka bootstrap=%s security=%s principal=%s profiles=%s", kafka.bootstrapServers(),
                kafka.securityProtocol(), kafka.principal().orElse("(none)"), profiles);
    }

    /** Whether topics with fewer than three replicas are refused (outside dev, without the insecure flag). */
    public boolean requireReplicated() {
        return requireReplicated;
    }

    /** Runs the check at start even if nothing else has asked for the bean yet. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        // constructed: checked
    }

    @PreDestroy
    void close() {
        reminder.close();
    }
}
