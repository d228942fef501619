package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.forms.FormCatalog;
import io.datarun.gateway.forms.FormDefinition;
import io.datarun.gateway.forms.FormPrefill;
import io.datarun.gateway.forms.FormSubmission;
import io.datarun.gateway.forms.FormSummary;
import io.datarun.gateway.forms.HouseholdService;
import io.datarun.gateway.forms.HouseholdView;
import io.datarun.gateway.forms.PrefillService;
import io.datarun.gateway.forms.SubmissionResult;
import io.datarun.gateway.forms.SubmissionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Forms for clerks: definitions, prefill for a subject, submission. */
@Path("/api/v1/forms")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class FormResource {
    private final FormCatalog forms;
    private final PrefillService prefills;
    private final SubmissionService submissions;
    private final CallerResolver callers;
    private final HouseholdService households;

    public FormResource(FormCatalog forms, PrefillService prefills, SubmissionService submissions, CallerResolver callers,
            HouseholdService households) {
        this.households = households;
        this.forms = forms;
        this.prefills = prefills;
        this.submissions = submissions;
        this.callers = callers;
    }

    @GET
    @RolesAllowed("clerk")
    @Operation(summary = "Every form definition (latest version): id, title, how many fields feeds can fill")
    public List<FormSummary> list() {
        callers.current();
        return forms.all().stream().map(FormSummary::of).toList();
    }

    @GET
    @Path("/{form}")
    @RolesAllowed("clerk")
    @Operation(summary = "One form definition: each field's labels, type, constraints, sources and write-back target")
    public FormDefinition get(@PathParam("form") String form) {
        callers.current();
        return prefills.form(form);
    }

    @GET
    @Path("/{form}/prefill")
    @RolesAllowed("clerk")
    @Operation(summary = "The form filled for a subject: per field value, status (prefilled, manual, conflict, "
            + "withheld, absent), source department and dataset, updated-at, whether your department may correct it; "
            + "with the seal that locks the prefilled values")
    public FormPrefill prefill(@PathParam("form") String form,
            @Parameter(description = "Resident ID number of the person the form is about", required = true)
            @QueryParam("subject") String subject,
            @Parameter(description = "A registered purpose; every source is read under it", required = true)
            @QueryParam("purpose") String purpose) {
        return prefills.prefill(callers.current(), form, subject, purpose);
    }

    @GET
    @Path("/{form}/household")
    @RolesAllowed("clerk")
    @Operation(summary = "The subject's household members (same household number), each with the fields your grant "
            + "shows; every member shown is an audited read. Only for a form that lists the household (404 otherwise)")
    public HouseholdView household(@PathParam("form") String form,
            @Parameter(description = "Resident ID number of the applicant", required = true)
            @QueryParam("subject") String subject,
            @Parameter(description = "A registered purpose; every member is read under it", required = true)
            @QueryParam("purpose") String purpose) {
        return households.household(callers.current(), form, subject, purpose);
    }

    @POST
    @Path("/{form}/submissions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("clerk")
    @Operation(summary = "Submit a filled form: locked fields must be unchanged (409 locked-field-changed: file a "
            + "dispute instead) except corrections of your department's own values, each with a reason in "
            + "'corrections'; typed and corrected fields are validated and published once as your department's records")
    public Response submit(@PathParam("form") String form, FormSubmission submission) {
        SubmissionResult result = submissions.submit(callers.current(), form, submission);
        return Response.status(201).entity(result).build();
    }
}
