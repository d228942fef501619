package io.datarun.gateway.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datarun.gateway.ui.OidcDiscovery;
import io.datarun.gateway.ui.UiConfig;
import io.datarun.gateway.ui.UiSettingsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the UI's sign-in settings from configuration. */
public class UiBeans {

    @Produces
    @ApplicationScoped
    UiSettingsService uiSettings(UiConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            ObjectMapper json, Clock clock) {
        return new UiSettingsService(issuer, config.oidcClientId(), config.oidcDiscoveryUrl(), config.oidcScope(),
                new OidcDiscovery(json), clock);
    }
}
