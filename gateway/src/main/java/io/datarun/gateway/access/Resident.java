package io.datarun.gateway.access;

import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.SubjectIds;
import java.util.Set;

/**
 * A person signed in as themselves (role {@code resident}): their resident ID number, from the
 * token's {@code residentId} claim, and the token's subject. A resident belongs to no department,
 * so no grant ever matches them: they reach only what is theirs.
 */
public record Resident(String residentId, String userId) {

    /** As the audit trail records the resident acting: their user id, no department. */
    public Caller asCaller() {
        return new Caller(userId, null, Set.of("resident"), Set.of());
    }

    @Override
    public String toString() {
        // never printed whole: a log line may carry a resident only masked to the region
        return "Resident[" + SubjectIds.mask(SubjectType.PERSON, residentId) + "]";
    }
}
