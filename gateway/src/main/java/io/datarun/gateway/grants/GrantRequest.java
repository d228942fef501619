package io.datarun.gateway.grants;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a steward sends to create or replace a grant. The API reads the body as JSON and checks it
 * with {@link GrantValidator}, which names every failing field at once; this record is the
 * contract the OpenAPI document publishes for it.
 */
@Schema(name = "GrantRequest", description = "A grant: the consumer department may read the named fields of the "
        + "dataset for the named purposes, optionally only for subjects in the divisions, until the expiry date")
public record GrantRequest(
        @Schema(required = true, example = "civil-affairs", description = "Department code of the consumer")
        String consumer,
        @Schema(required = true, example = "public-security.household-registry") String dataset,
        @Schema(required = true, description = "Fields of the dataset, at least one") List<String> fields,
        @Schema(required = true, description = "Registered purposes, at least one") List<String> purposes,
        @Schema(description = "GB/T 2260 division codes; absent: every division") List<String> divisions,
        @Schema(description = "Last day the grant holds (yyyy-MM-dd); absent: until revoked", example = "2027-12-31")
        String expires) {
}
