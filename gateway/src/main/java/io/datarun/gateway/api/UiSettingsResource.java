package io.datarun.gateway.api;

import io.datarun.gateway.ui.UiSettings;
import io.datarun.gateway.ui.UiSettingsService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Public, outside {@code /api}: the sign-in page reads it before anyone is signed in. It reveals only
 * what a public OIDC client needs (issuer, client id, scope, endpoints) and whether dev tokens work.
 */
@Path("/ui/settings")
@Produces(MediaType.APPLICATION_JSON)
public class UiSettingsResource {
    private final UiSettingsService settings;

    public UiSettingsResource(UiSettingsService settings) {
        this.settings = settings;
    }

    @GET
    @PermitAll
    @Operation(summary = "How the clerk web UI signs in: OIDC provider and public client, or DEV-ONLY token paste")
    public UiSettings get() {
        return settings.settings();
    }
}
