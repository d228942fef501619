package io.datarun.gateway.wiring;

import io.datarun.gateway.config.GatewaySafety;
import io.datarun.schemas.kafka.StartupSafety;
import io.datarun.schemas.kafka.UnsafeSettingsReminder;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.config.SmallRyeConfig;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The gateway's entry point: checks the settings before anything binds a port or connects to Kafka
 * and refuses to start, one line per unsafe setting, outside the dev, demo and test profiles
 * ({@link GatewaySafety}, {@link StartupSafety}). What {@code datarun.insecure-kafka=true} lets
 * through is repeated as a warning every minute for as long as the gateway runs.
 */
@QuarkusMain
public final class GatewayMain {
    /** Exit status of a refused start (a systemd unit or a Kubernetes pod shows it). */
    static final int UNSAFE_SETTINGS = 78; // EX_CONFIG
    private static final Logger LOG = Logger.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String... args) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        List<String> profiles = config.getProfiles();
        GatewaySafety safety = new GatewaySafety(name -> config.getOptionalValue(name, String.class));
        StartupSafety.Verdict verdict = safety.verdict(profiles, CoreBeans.kafkaSettings(config));
        if (verdict.refused()) {
            // the log manager is not set up before Quarkus runs: these lines go to standard error directly
            verdict.refusals().forEach(line -> System.err.println("ERROR [GatewayMain] refusing to start (profile "
                    + String.join(",", profiles) + "): " + line));
            System.err.println("ERROR [GatewayMain] datarun gateway not started: " + verdict.refusals().size()
                    + " unsafe setting(s); the dev, demo and test profiles skip these checks");
            System.exit(UNSAFE_SETTINGS);
        }
        try (UnsafeSettingsReminder reminder = UnsafeSettingsReminder.start(verdict.warnings(), Duration.ofMinutes(1),
                LOG::warn)) {
            Quarkus.run(args);
        }
    }
}
