package io.datarun.gateway.grants;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.datarun.gateway.access.Grant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A grant as the grants API answers it and as the grants topic stores it: field for field the same. */
@Schema(name = "Grant")
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "origin", "owner", "consumer", "dataset", "fields", "purposes", "divisions", "expires",
        "createdBy", "createdAt", "changedBy", "changedAt"})
public record GrantView(
        String id,
        @Schema(description = "file: from the deployment's grants file (read-only here); api: managed through this API")
        String origin,
        @Schema(description = "Department owning the dataset") String owner,
        String consumer,
        String dataset,
        List<String> fields,
        List<String> purposes,
        List<String> divisions,
        String expires,
        String createdBy,
        String createdAt,
        String changedBy,
        String changedAt) {

    public static GrantView of(ManagedGrant managed) {
        Grant g = managed.grant();
        return new GrantView(managed.id(), managed.origin(), managed.owner(), g.consumer(), g.dataset(),
                List.copyOf(new TreeSet<>(g.fields())), List.copyOf(new TreeSet<>(g.purposes())),
                List.copyOf(new TreeSet<>(g.divisions())), g.expires().map(LocalDate::toString).orElse(null),
                managed.createdBy(), managed.createdAt() == null ? null : managed.createdAt().toString(),
                managed.changedBy(), managed.changedAt() == null ? null : managed.changedAt().toString());
    }
}
