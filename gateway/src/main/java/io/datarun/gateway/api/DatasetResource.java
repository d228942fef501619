package io.datarun.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.catalog.CatalogService;
import io.datarun.gateway.catalog.DatasetRegistration;
import io.datarun.gateway.catalog.DatasetSummary;
import io.datarun.gateway.failure.DatasetNotFound;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.ValidationFailed;
import io.datarun.gateway.intake.PushResult;
import io.datarun.gateway.intake.PushService;
import io.datarun.gateway.intake.RecordDeletion;
import io.datarun.gateway.reads.RecordReadService;
import io.datarun.gateway.reads.RecordView;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The catalog and record reads. Every method states who may call it; anything unannotated is denied. */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DatasetResource {
    private final CatalogService catalog;
    private final RecordReadService reads;
    private final PushService pushes;
    private final RecordDeletion deletions;
    private final DatasetRegistration registrations;
    private final CallerResolver callers;

    public DatasetResource(CatalogService catalog, RecordReadService reads, PushService pushes, RecordDeletion deletions,
            DatasetRegistration registrations, CallerResolver callers) {
        this.registrations = registrations;
        this.catalog = catalog;
        this.reads = reads;
        this.pushes = pushes;
        this.deletions = deletions;
        this.callers = callers;
    }

    @POST
    @Path("/{dataset}/records")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("publisher")
    @Operation(summary = "Push one record (a JSON object) or a batch (an array, at most 1000) as the owner "
            + "department; every item is validated; 202 all accepted, 207 some, 422 none")
    public Response push(@PathParam("dataset") String dataset, JsonNode body) {
        PushResult result = pushes.push(callers.current(), dataset, body);
        if (result.accepted() == 0) {
            List<FieldError> errors = result.items().stream()
                    .flatMap(item -> item.errors().stream().map(e -> new FieldError(
                            "[" + item.index() + "]." + e.field(), e.code(), e.message())))
                    .toList();
            throw new ValidationFailed(
                    "No record was accepted; each rejected record is kept in the dead-letter topic with its reasons.", errors);
        }
        return Response.status(result.rejected() == 0 ? 202 : 207).entity(result).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("steward")
    @Operation(summary = "Register a dataset at runtime as a steward of its owner: the body is its Avro schema with the "
            + "datarun.* properties, version 1; 201 with the catalog entry, 409 when the dataset exists")
    public Response register(String schema) {
        DatasetSummary summary = registrations.register(callers.current(), schema);
        return Response.created(java.net.URI.create("/api/v1/datasets/" + summary.id())).entity(summary).build();
    }

    @POST
    @Path("/{dataset}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("steward")
    @Operation(summary = "Register the next schema version as a steward of the owner; checked backward and forward "
            + "against every earlier version first: 201, or 409 naming what broke")
    public Response addVersion(@PathParam("dataset") String dataset, String schema) {
        DatasetSummary summary = registrations.addVersion(callers.current(), dataset, schema);
        return Response.created(java.net.URI.create("/api/v1/datasets/" + summary.id())).entity(summary).build();
    }

    @DELETE
    @Path("/{dataset}/records/{subjectId}")
    @RolesAllowed("publisher")
    @Operation(summary = "Delete a subject's record as the owner department (a tombstone): gone from reads, prefill "
            + "and counts, a deletion in the change feed; audited with its reason; 204, or 404 when there is none")
    public Response delete(@PathParam("dataset") String dataset, @PathParam("subjectId") String subjectId,
            @Parameter(description = "A reference for the audit trail, e.g. erasure-request:EQ-2026-0042 or deceased")
            @QueryParam("reason") String reason) {
        deletions.delete(callers.current(), dataset, subjectId, reason);
        return Response.noContent().build();
    }

    @GET
    @Authenticated
    @Operation(summary = "The catalog: every dataset, its owner, schema version, size, freshness and consumers")
    public List<DatasetSummary> list() {
        callers.current();
        return catalog.list();
    }

    @GET
    @Path("/{dataset}")
    @Authenticated
    @Operation(summary = "One dataset with its fields and their classifications")
    public DatasetSummary get(@PathParam("dataset") String dataset) {
        callers.current();
        return catalog.get(dataset).orElseThrow(() -> new DatasetNotFound(dataset));
    }

    @GET
    @Path("/{dataset}/records/{subjectId}")
    @RolesAllowed({"clerk", "publisher", "steward", "admin"})
    @Operation(summary = "The latest record of a subject, cut down to the fields your department is granted")
    public CompletionStage<RecordView> read(@PathParam("dataset") String dataset,
            @PathParam("subjectId") String subjectId,
            @Parameter(description = "A registered purpose covered by your grant", required = true)
            @QueryParam("purpose") String purpose) {
        // served on the event loop, answered when its audit event is committed: no hand-over to a worker
        // thread and back, and no worker parked for each read's audit commit (the worker pool no longer
        // bounds how many reads wait for a commit at once)
        return reads.readAsync(callers.current(), dataset, subjectId, purpose, BlockingWork.ofCurrentRequest());
    }
}
