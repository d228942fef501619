package io.datarun.gateway.api;

import io.datarun.gateway.failure.RecordNotFound;
import io.datarun.gateway.store.RecordStore;
import io.datarun.gateway.store.ReplicaClient;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Replica-to-replica reads of this replica's own partitions. Not part of the public API: it
 * answers only a caller presenting the replica secret, and 404 when no secret is configured.
 */
@Path("/internal/v1/replica/records")
public class ReplicaResource {
    private final RecordStore store;
    private final ReplicaClient replicas;

    public ReplicaResource(RecordStore store, ReplicaClient replicas) {
        this.store = store;
        this.replicas = replicas;
    }

    @GET
    @Path("/{dataset}/{subject}")
    @PermitAll // authenticated by the replica secret below, not by a user's JWT
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(hidden = true)
    public byte[] read(@PathParam("dataset") String dataset, @PathParam("subject") String subject,
            @HeaderParam(ReplicaClient.SECRET_HEADER) String secret) {
        if (!replicas.acceptsSecret(secret)) {
            throw new NotFoundException(); // answered like any unknown path
        }
        return store.findLocal(dataset, subject, null)
                .orElseThrow(() -> new RecordNotFound("No record on this replica."));
    }
}
