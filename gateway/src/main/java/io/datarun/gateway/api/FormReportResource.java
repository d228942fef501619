package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.forms.FormBurdenReport;
import io.datarun.gateway.forms.FormCatalog;
import io.datarun.gateway.forms.FormDefinition;
import java.util.Map;
import io.datarun.gateway.forms.FormLedger;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The form-burden ledger for operators and stewards. */
@Path("/api/v1/reports/forms")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class FormReportResource {
    private final FormLedger ledger;
    private final FormCatalog forms;
    private final CallerResolver callers;
    private final Clock clock;

    public FormReportResource(FormLedger ledger, FormCatalog forms, CallerResolver callers, Clock clock) {
        this.ledger = ledger;
        this.forms = forms;
        this.callers = callers;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({"admin", "steward"})
    @Operation(summary = "Per form and per clerk: submissions, share of fields prefilled, fields typed, keystrokes saved")
    public FormBurdenReport forms() {
        callers.current();
        return FormBurdenReport.of(ledger.totals(),
                form -> forms.get(form).map(FormDefinition::title).orElse(Map.of()), clock.instant());
    }
}
