package io.datarun.gateway.grants;

import io.datarun.schemas.options.Option;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a steward sends to create or replace a grant, and what the grants file lists. The API reads
 * the body as JSON and checks it with {@link GrantValidator}, which names every failing field at
 * once; this record is the contract the OpenAPI document publishes for it, and its {@link Option}s
 * are the keys of a grant (in the API, the grants file and {@code docs/security.md}'s table).
 */
@Schema(name = "GrantRequest", description = "A grant: the consumer department may read the named fields of the "
        + "dataset for the named purposes, optionally only for subjects in the divisions, until the expiry date")
public record GrantRequest(
        @Option(description = "the consumer's department code; in the department directory, not the dataset's owner")
        @Schema(required = true, example = "civil-affairs", description = "Department code of the consumer")
        String consumer,
        @Option(description = "the dataset granted")
        @Schema(required = true, example = "public-security.household-registry") String dataset,
        @Option(description = "fields of the dataset, at least one", required = true)
        @Schema(required = true, description = "Fields of the dataset, at least one") List<String> fields,
        @Option(description = "registered purposes, at least one", required = true)
        @Schema(required = true, description = "Registered purposes, at least one") List<String> purposes,
        @Option(description = "GB/T 2260 division codes the subjects must be in; absent: every division")
        @Schema(description = "GB/T 2260 division codes; absent: every division") List<String> divisions,
        @Option(description = "the last day the grant holds (yyyy-MM-dd); absent: until revoked", nullWhenAbsent = true)
        @Schema(description = "Last day the grant holds (yyyy-MM-dd); absent: until revoked", example = "2027-12-31")
        String expires) {
}
