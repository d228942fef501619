package io.datarun.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnforcementSwitchTest {

    @Test
    void whenEnforcementIsSwitchedOffOutsideTheBenchProfileThenTheGatewayRefusesToStart() {
        assertThatThrownBy(() -> new EnforcementSwitch(false, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dquarkus.profile=bench")
                .hasMessageContaining("Refusing to start");
    }

    @Test
    void whenTheBenchProfileIsActiveThenEnforcementMayBeSwitchedOffAndIsOnByDefault() {
        assertThat(new EnforcementSwitch(false, true).enabled()).isFalse();
        assertThat(new EnforcementSwitch(true, false).enabled()).isTrue();
        assertThat(new EnforcementSwitch(true, true).enabled()).isTrue();
    }
}
