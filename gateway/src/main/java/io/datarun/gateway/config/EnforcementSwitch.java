package io.datarun.gateway.config;

import org.jboss.logging.Logger;

/**
 * Whether record reads are authorized and audited. Always on, except in a benchmark measuring what
 * the two cost: {@code datarun.gateway.enforcement.enabled=false} is accepted only together with
 * the {@code bench} profile ({@code -Dquarkus.profile=bench}); anywhere else the gateway refuses to
 * start, so a mistyped environment cannot open every record to every caller.
 */
public final class EnforcementSwitch {
    public static final String BENCH_PROFILE = "bench";
    private static final Logger LOG = Logger.getLogger(EnforcementSwitch.class);
    private final boolean enabled;

    public EnforcementSwitch(boolean enabled, boolean benchProfile) {
        if (!enabled && !benchProfile) {
            throw new IllegalStateException("datarun.gateway.enforcement.enabled=false switches off authorization and "
                    + "audit of record reads; it is accepted only with the '" + BENCH_PROFILE + "' profile "
                    + "(-Dquarkus.profile=" + BENCH_PROFILE + "). Refusing to start.");
        }
        if (!enabled) {
            LOG.error("!!!!!!!! ENFORCEMENT OFF: record reads are NOT authorized and NOT audited (bench profile). "
                    + "Every caller with a valid token reads every field of every record. Benchmark use only. !!!!!!!!");
        }
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }
}
