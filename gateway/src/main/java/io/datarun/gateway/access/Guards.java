package io.datarun.gateway.access;

import io.datarun.gateway.failure.DatasetNotFound;
import io.datarun.gateway.failure.FieldError;
import io.datarun.gateway.failure.InvalidSubjectId;
import io.datarun.gateway.failure.NotOwnerSteward;
import io.datarun.gateway.failure.PurposeRequired;
import io.datarun.gateway.failure.SubjectRequired;
import io.datarun.gateway.failure.UnknownPurpose;
import io.datarun.schemas.catalog.DatasetDescriptor;
import io.datarun.schemas.catalog.SchemaRegistry;
import io.datarun.schemas.catalog.SubjectType;
import io.datarun.schemas.validation.SubjectIds;
import io.datarun.schemas.validation.Violation;
import java.util.Map;

/**
 * The checks every operation makes before it touches data, written once: the dataset exists, the
 * purpose is named and registered, the subject id is valid for its type, the caller is a steward of
 * the owner department. Each throws the typed failure the API answers with.
 */
public final class Guards {
    private final SchemaRegistry registry;
    private final Map<String, Purpose> purposes;

    public Guards(SchemaRegistry registry, Map<String, Purpose> purposes) {
        this.registry = registry;
        this.purposes = Map.copyOf(purposes);
    }

    /** The dataset's latest version. */
    public DatasetDescriptor dataset(String datasetId) {
        return registry.latest(datasetId).orElseThrow(() -> new DatasetNotFound(datasetId));
    }

    /** The dataset's latest version, if it is registered. */
    public java.util.Optional<DatasetDescriptor> datasetIfPresent(String datasetId) {
        return registry.latest(datasetId);
    }

    /** Every read names a registered purpose. */
    public void purpose(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new PurposeRequired();
        }
        if (!purposes.containsKey(purpose)) {
            throw new UnknownPurpose(purpose, purposes.keySet());
        }
    }

    public boolean isRegistered(String purpose) {
        return purpose != null && purposes.containsKey(purpose);
    }

    /** A valid identifier of the type (checksums included); {@code field} names the parameter in the error. */
    public void subject(SubjectType type, String subjectId, String field) {
        SubjectIds.problem(type, subjectId).ifPresent(code -> {
            throw new InvalidSubjectId("The subject id is not a valid " + type.wireName() + " identifier.",
                    new FieldError(field, code, Violation.of(field, code).message()));
        });
    }

    /** Like {@link #subject} for a parameter that may be missing; returns the id in its normal form. */
    public String requiredSubject(SubjectType type, String subjectId, String field) {
        if (subjectId == null || subjectId.isBlank()) {
            throw new SubjectRequired();
        }
        subject(type, subjectId.strip(), field);
        return SubjectIds.normalize(type, subjectId.strip());
    }

    /** Whether the caller is a steward of the department owning the dataset. */
    public static boolean isOwnerSteward(Caller caller, String owner) {
        return caller.hasRole("steward") && caller.department().equals(owner);
    }

    /** Only the owner department's stewards may {@code doing}. */
    public static void requireOwnerSteward(Caller caller, String owner, String doing) {
        if (!isOwnerSteward(caller, owner)) {
            throw new NotOwnerSteward("Only a steward of '" + owner + "' " + doing + ".");
        }
    }

    /** Only the owner department's stewards, or an admin, may {@code doing} the dataset. */
    public static void requireOwnerStewardOrAdmin(Caller caller, DatasetDescriptor dataset, String doing) {
        if (!isOwnerSteward(caller, dataset.owner()) && !caller.hasRole("admin")) {
            throw new NotOwnerSteward("Only a steward of " + dataset.owner() + ", the department owning " + dataset.id()
                    + ", (or an admin) " + doing + ".");
        }
    }
}
