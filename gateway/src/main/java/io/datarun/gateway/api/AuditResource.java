package io.datarun.gateway.api;

import io.datarun.gateway.access.CallerResolver;
import io.datarun.gateway.audit.AuditFilter;
import io.datarun.gateway.audit.AuditQuery;
import io.datarun.gateway.audit.AuditService;
import io.datarun.gateway.audit.ChainVerifier;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidParameter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The audit trail, for auditors only: who saw what and why, and proof that the record is intact. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class AuditResource {
    private static final int DEFAULT_LIMIT = 100;

    private final AuditService audit;
    private final CallerResolver callers;

    public AuditResource(AuditService audit, CallerResolver callers) {
        this.audit = audit;
        this.callers = callers;
    }

    @GET
    @RolesAllowed("auditor")
    @Operation(summary = "Audit events, newest first, filtered by subject, caller (user id or department), "
            + "dataset and time; at most limit (default 100, at most 1000). Each event says whether it verified "
            + "(its keyed hash and its link to the previous event of its chain); one that does not is flagged with its problems")
    public AuditQuery.Page query(@QueryParam("subject") String subject,
            @Parameter(description = "A user id or a department code") @QueryParam("caller") String caller,
            @QueryParam("dataset") String dataset,
            @Parameter(description = "ISO-8601 instant, e.g. 2026-11-27T00:00:00Z") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant") @QueryParam("to") String to,
            @QueryParam("limit") String limit) {
        AuditFilter filter = new AuditFilter(blankToNull(subject), blankToNull(caller), blankToNull(dataset),
                instant("from", from), instant("to", to));
        return audit.query(callers.current(), filter, limit(limit));
    }

    @GET
    @Path("/verify")
    @RolesAllowed("auditor")
    @Operation(summary = "Re-read the whole audit topic and check every hash chain; names the first broken event. "
            + "Keep the answer's heads: given back as checkpoints, they reveal a chain whose tail was cut off")
    public ChainVerifier.Result verify(
            @Parameter(description = "chain:seq:hash from an earlier answer's heads; repeatable")
            @QueryParam("checkpoint") List<String> checkpoints) {
        List<ChainVerifier.Checkpoint> parsed = new java.util.ArrayList<>();
        for (int i = 0; checkpoints != null && i < checkpoints.size(); i++) {
            try {
                parsed.add(ChainVerifier.Checkpoint.parse(checkpoints.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter("checkpoint is chain:seq:hash, as in the heads of a verification.",
                        new FieldError("checkpoint[" + i + "]", "checkpoint.format", e.getMessage()));
            }
        }
        return audit.verify(callers.current(), parsed);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name + " is an ISO-8601 instant such as 2026-11-27T08:00:00Z.",
                    new FieldError(name, "type.timestamp", "must be an ISO-8601 instant"));
        }
    }

    private static int limit(String value) {
        return QueryLimits.limit(value, DEFAULT_LIMIT, AuditService.MAX_LIMIT);
    }
}
